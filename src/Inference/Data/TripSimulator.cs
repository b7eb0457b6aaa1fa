namespace GpuRay.Inference.Data;

/// <summary>
/// Draws plausible NYC yellow-cab trips: log-normal distances, fares from the meter's distance and time rates
/// (flat fare to JFK), surcharges by hour, tolls mostly on long trips, and tips that are recorded for card
/// payments only and depend a little on distance and party size.
/// </summary>
internal static class TripSimulator
{
    private const double MilesPerDegreeLatitude = 69.0;
    private const double MilesPerDegreeLongitude = 52.4;
    private const float ImprovementSurcharge = 0.3f;
    private const float JfkFlatFare = 52f;
    private const float TollAmount = 5.76f;

    public static readonly DateTime PeriodStart = new(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private const int PeriodSeconds = 31 * 24 * 3600;

    public static TripColumns Generate(Random random, int rows)
    {
        var c = new TripColumns(rows);
        for (int i = 0; i < rows; i++)
        {
            c.VendorId[i] = random.NextDouble() < 0.45 ? 1 : 2;
            c.RateCodeId[i] = DrawRateCode(random);
            c.PassengerCount[i] = DrawPassengers(random);

            double miles = c.RateCodeId[i] == 2 ? 15 + (4 * random.NextDouble()) : Math.Exp(0.5 + (0.85 * Normal(random)));
            miles = Math.Clamp(miles, 0.1, 60);
            c.TripDistance[i] = (float)Math.Round(miles, 2);

            var pickup = PeriodStart.AddSeconds(random.Next(PeriodSeconds));
            double mph = Math.Clamp(11 + (3.5 * Normal(random)), 3, 40);
            int seconds = (int)Math.Round((miles / mph * 3600) + 60 + (120 * random.NextDouble()));
            c.PickupAt[i] = pickup;
            c.DropoffAt[i] = pickup.AddSeconds(seconds);

            double lon = -73.98 + (0.02 * Normal(random));
            double lat = 40.75 + (0.03 * Normal(random));
            double heading = 2 * Math.PI * random.NextDouble();
            c.PickupLongitude[i] = Math.Round(lon, 6);
            c.PickupLatitude[i] = Math.Round(lat, 6);
            c.DropoffLongitude[i] = Math.Round(lon + (miles * 0.75 * Math.Cos(heading) / MilesPerDegreeLongitude), 6);
            c.DropoffLatitude[i] = Math.Round(lat + (miles * 0.75 * Math.Sin(heading) / MilesPerDegreeLatitude), 6);

            c.PaymentType[i] = DrawPaymentType(random);

            float fare = c.RateCodeId[i] == 2
                ? JfkFlatFare
                : (float)(Math.Round((2.5 + (2.5 * miles) + (0.1 * seconds / 60.0)) * 2, MidpointRounding.AwayFromZero) / 2);
            int hour = pickup.Hour;
            float extra = hour is >= 20 or < 6 ? 0.5f : hour is >= 16 and < 20 ? 1f : 0f;
            float tolls = random.NextDouble() < (miles > 10 ? 0.4 : 0.03) ? TollAmount : 0f;
            float tip = DrawTip(random, c.PaymentType[i], miles, c.PassengerCount[i], fare + extra);

            c.FareAmount[i] = fare;
            c.Extra[i] = extra;
            c.MtaTax[i] = 0.5f;
            c.TipAmount[i] = tip;
            c.TollsAmount[i] = tolls;
            c.TotalAmount[i] = MathF.Round(fare + extra + 0.5f + tip + tolls + ImprovementSurcharge, 2);
        }

        return c;
    }

    private static float DrawTip(Random random, int paymentType, double miles, int passengers, float meter)
    {
        if (paymentType != TaxiColumns.CardPayment)
        {
            // Cash tips are not recorded in the TLC data; disputes and no-charge trips carry none.
            return 0f;
        }

        double logit = 1.6 + (0.08 * miles) - (0.25 * (passengers - 1));
        if (random.NextDouble() >= 1 / (1 + Math.Exp(-logit)))
        {
            return 0f;
        }

        double share = Math.Clamp(0.2 + (0.05 * Normal(random)), 0.05, 0.4);
        return (float)Math.Round(meter * share, 2);
    }

    private static int DrawRateCode(Random random)
    {
        double u = random.NextDouble();
        return u < 0.96 ? 1 : u < 0.98 ? 2 : u < 0.985 ? 3 : u < 0.99 ? 4 : 5;
    }

    private static int DrawPassengers(Random random)
    {
        double u = random.NextDouble();
        return u < 0.70 ? 1 : u < 0.84 ? 2 : u < 0.88 ? 3 : u < 0.90 ? 4 : u < 0.96 ? 5 : 6;
    }

    private static int DrawPaymentType(Random random)
    {
        double u = random.NextDouble();
        return u < 0.68 ? TaxiColumns.CardPayment : u < 0.98 ? TaxiColumns.CashPayment : u < 0.99 ? 3 : 4;
    }

    private static double Normal(Random random)
    {
        // Box-Muller; 1 - NextDouble() keeps the logarithm's argument in (0, 1].
        double u1 = 1.0 - random.NextDouble();
        double u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
