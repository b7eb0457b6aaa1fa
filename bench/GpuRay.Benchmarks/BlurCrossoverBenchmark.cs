using BenchmarkDotNet.Attributes;
using GpuRay.Workloads.Images;

namespace GpuRay.Benchmarks;

/// <summary>
/// Where the recursive Gaussian starts to beat the exact separable convolution on one thread (512x384, RGBA8):
/// the exact path (baseline) costs <c>6 sigma + 1</c> taps per pass, the recursive one a fixed amount. The first
/// sigma with a Ratio below 1 is the chooser's <see cref="CpuBlur.RecursiveFromSigma"/>.
/// </summary>
[MemoryDiagnoser]
public class BlurCrossoverBenchmark
{
    private const int Width = 512;
    private const int Height = 384;

    private byte[] _source = null!;
    private byte[] _target = null!;
    private float[] _weights = null!;
    private float[] _scratch = null!;

    /// <summary>Gets or sets the blur's standard deviation.</summary>
    [Params(1f, 1.5f, 2f, 2.5f, 3f, 4f)]
    public float Sigma { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _source = new byte[Width * Height * 4];
        new Random(1234).NextBytes(_source);
        _target = new byte[_source.Length];
        _weights = GaussianKernel.Create(Sigma);
        _scratch = new float[RecursiveGaussian.ScratchLength(Width, Height)];
    }

    [Benchmark(Baseline = true)]
    public int Exact()
    {
        CpuBlur.Blur(_source, _target, Width, Height, _weights);
        return _target[0];
    }

    [Benchmark]
    public int Recursive()
    {
        RecursiveGaussian.Blur(_source, _target, Width, Height, Sigma, _scratch);
        return _target[0];
    }
}
