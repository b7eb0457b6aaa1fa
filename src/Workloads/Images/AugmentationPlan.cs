using System.Globalization;

namespace GpuRay.Workloads.Images;

/// <summary>The random augmentation chosen for one image, decided on the host so that CPU and GPU agree.</summary>
internal readonly record struct AugmentationPlan(Orientation Orientation, float Brightness)
{
    public static AugmentationPlan None => new(Orientation.None, 1f);

    public static AugmentationPlan Choose(string imageName, int seed)
    {
        // System.Random with a seed uses a fixed legacy algorithm, so the choice is stable across runs and runtimes.
        var random = new Random(seed ^ (int)Fnv1a.Hash32(imageName));
        int op = random.Next(6);
        return op switch
        {
            0 => new(Orientation.FlipHorizontal, 1f),
            1 => new(Orientation.FlipVertical, 1f),
            2 => new(Orientation.Rotate90, 1f),
            3 => new(Orientation.Rotate180, 1f),
            4 => new(Orientation.Rotate270, 1f),
            _ => new(Orientation.None, (float)Math.Round(0.6 + (0.8 * random.NextDouble()), 2)),
        };
    }

    public string Describe()
    {
        if (Orientation != Orientation.None)
        {
            return Orientation.ToString();
        }

        return Brightness != 1f ? string.Create(CultureInfo.InvariantCulture, $"Brightness x{Brightness:0.00}") : "None";
    }
}
