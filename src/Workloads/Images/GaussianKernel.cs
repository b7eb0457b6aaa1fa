namespace GpuRay.Workloads.Images;

/// <summary>One-dimensional Gaussian weights, built the way ImageSharp's <c>GaussianBlurProcessor(sigma)</c> builds them.</summary>
/// <remarks>
/// The half-width is <c>ceil(3 sigma)</c> and the weights are G(x) normalised to sum 1. PIL's
/// <c>GaussianBlur(radius=20)</c>, used in Ray's tutorial, takes its "radius" as the standard deviation, so the
/// tutorial's blur is sigma 20 here, which is also what ImageSharp's <c>GaussianBlur(20f)</c> does (121 taps).
/// </remarks>
internal static class GaussianKernel
{
    public static int RadiusFor(float sigma) => (int)MathF.Ceiling(sigma * 3);

    /// <summary>Taps of the kernel for <paramref name="sigma"/>: <c>2 radius + 1</c>.</summary>
    public static int LengthFor(float sigma) => (2 * RadiusFor(sigma)) + 1;

    public static float[] Create(float sigma)
    {
        var weights = new float[LengthFor(sigma)];
        Fill(sigma, weights);
        return weights;
    }

    /// <summary>Writes the weights into <paramref name="weights"/>, which holds <see cref="LengthFor"/> floats.</summary>
    public static void Fill(float sigma, Span<float> weights)
    {
        System.Diagnostics.Debug.Assert(sigma > 0, "sigma must be positive");
        System.Diagnostics.Debug.Assert(weights.Length == LengthFor(sigma), "weights length");
        int radius = RadiusFor(sigma);
        float sum = 0;
        for (int i = 0; i < weights.Length; i++)
        {
            float x = i - radius;
            float g = MathF.Exp(-(x * x) / (2 * sigma * sigma)) / (MathF.Sqrt(2 * MathF.PI) * sigma);
            weights[i] = g;
            sum += g;
        }

        for (int i = 0; i < weights.Length; i++)
        {
            weights[i] /= sum;
        }
    }
}
