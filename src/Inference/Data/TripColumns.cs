namespace GpuRay.Inference.Data;

/// <summary>One row group of taxi trips, column by column (the generator's output and the round-trip check).</summary>
internal sealed class TripColumns
{
    public TripColumns(int rows)
    {
        Rows = rows;
        VendorId = new int[rows];
        PickupAt = new DateTime[rows];
        DropoffAt = new DateTime[rows];
        PassengerCount = new int[rows];
        TripDistance = new float[rows];
        PickupLongitude = new double[rows];
        PickupLatitude = new double[rows];
        DropoffLongitude = new double[rows];
        DropoffLatitude = new double[rows];
        RateCodeId = new int[rows];
        PaymentType = new int[rows];
        FareAmount = new float[rows];
        Extra = new float[rows];
        MtaTax = new float[rows];
        TipAmount = new float[rows];
        TollsAmount = new float[rows];
        TotalAmount = new float[rows];
    }

    public int Rows { get; }

    public int[] VendorId { get; }

    public DateTime[] PickupAt { get; }

    public DateTime[] DropoffAt { get; }

    public int[] PassengerCount { get; }

    public float[] TripDistance { get; }

    public double[] PickupLongitude { get; }

    public double[] PickupLatitude { get; }

    public double[] DropoffLongitude { get; }

    public double[] DropoffLatitude { get; }

    public int[] RateCodeId { get; }

    public int[] PaymentType { get; }

    public float[] FareAmount { get; }

    public float[] Extra { get; }

    public float[] MtaTax { get; }

    public float[] TipAmount { get; }

    public float[] TollsAmount { get; }

    public float[] TotalAmount { get; }
}
