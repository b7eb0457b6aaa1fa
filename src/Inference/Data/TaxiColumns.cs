using Parquet.Schema;

namespace GpuRay.Inference.Data;

/// <summary>The taxi-trip shard schema: column names and their Parquet fields, in file order.</summary>
internal static class TaxiColumns
{
    public const string VendorId = "vendor_id";
    public const string PickupAt = "pickup_at";
    public const string DropoffAt = "dropoff_at";
    public const string PassengerCount = "passenger_count";
    public const string TripDistance = "trip_distance";
    public const string PickupLongitude = "pickup_longitude";
    public const string PickupLatitude = "pickup_latitude";
    public const string DropoffLongitude = "dropoff_longitude";
    public const string DropoffLatitude = "dropoff_latitude";
    public const string RateCodeId = "rate_code_id";
    public const string PaymentType = "payment_type";
    public const string FareAmount = "fare_amount";
    public const string Extra = "extra";
    public const string MtaTax = "mta_tax";
    public const string TipAmount = "tip_amount";
    public const string TollsAmount = "tolls_amount";
    public const string TotalAmount = "total_amount";

    /// <summary>Payment type code for a credit card, as in the TLC data dictionary.</summary>
    public const int CardPayment = 1;

    /// <summary>Payment type code for cash.</summary>
    public const int CashPayment = 2;

    public static readonly DataField<int> VendorIdField = new(VendorId);
    public static readonly DataField<DateTime> PickupAtField = new(PickupAt);
    public static readonly DataField<DateTime> DropoffAtField = new(DropoffAt);
    public static readonly DataField<int> PassengerCountField = new(PassengerCount);
    public static readonly DataField<float> TripDistanceField = new(TripDistance);
    public static readonly DataField<double> PickupLongitudeField = new(PickupLongitude);
    public static readonly DataField<double> PickupLatitudeField = new(PickupLatitude);
    public static readonly DataField<double> DropoffLongitudeField = new(DropoffLongitude);
    public static readonly DataField<double> DropoffLatitudeField = new(DropoffLatitude);
    public static readonly DataField<int> RateCodeIdField = new(RateCodeId);
    public static readonly DataField<int> PaymentTypeField = new(PaymentType);
    public static readonly DataField<float> FareAmountField = new(FareAmount);
    public static readonly DataField<float> ExtraField = new(Extra);
    public static readonly DataField<float> MtaTaxField = new(MtaTax);
    public static readonly DataField<float> TipAmountField = new(TipAmount);
    public static readonly DataField<float> TollsAmountField = new(TollsAmount);
    public static readonly DataField<float> TotalAmountField = new(TotalAmount);

    public static ParquetSchema Schema { get; } = new(
        VendorIdField,
        PickupAtField,
        DropoffAtField,
        PassengerCountField,
        TripDistanceField,
        PickupLongitudeField,
        PickupLatitudeField,
        DropoffLongitudeField,
        DropoffLatitudeField,
        RateCodeIdField,
        PaymentTypeField,
        FareAmountField,
        ExtraField,
        MtaTaxField,
        TipAmountField,
        TollsAmountField,
        TotalAmountField);
}
