using BenchmarkDotNet.Attributes;
using GpuRay.Workloads.Images;
using ILGPU;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace GpuRay.Benchmarks;

/// <summary>
/// Gaussian blur of one 512x384 image (0.197 MP): ImageSharp's own processor (baseline, one thread) vs the
/// workload's CPU blurs on one thread (the exact separable convolution, the recursive filter, and the chooser that
/// the pipeline calls) vs its ILGPU kernels on the CPU accelerator (for the record; the GPU goal is for a real
/// device). Megapixels per second = 0.196608 / mean time in seconds. Report the Ratio column.
/// </summary>
/// <remarks>
/// The baseline includes ImageSharp's clone of the source (one 0.8 MB copy and allocation), because its processor
/// works in place; the CPU blurs write into a caller-owned target, as the pipeline's steps do, with pooled scratch.
/// </remarks>
[MemoryDiagnoser]
public class ImageTransformsBenchmark
{
    private const int Width = 512;
    private const int Height = 384;

    private Image<Rgba32> _imageSharpImage = null!;
    private RgbaImage _image = null!;
    private float[] _weights = null!;
    private byte[] _target = null!;
    private float[] _scratch = null!;
    private Context _context = null!;
    private Accelerator _accelerator = null!;
    private DeviceImage _deviceImage = null!;

    /// <summary>Gets or sets the blur's standard deviation; 20 is the tutorial's blur (121 taps).</summary>
    [Params(1.5f, 5f, 20f)]
    public float Sigma { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1234);
        var pixels = new byte[Width * Height * 4];
        random.NextBytes(pixels);
        for (int p = 3; p < pixels.Length; p += 4)
        {
            pixels[p] = 255;
        }

        _image = RgbaImage.Create("bench.png", Width, Height, pixels);
        _weights = GaussianKernel.Create(Sigma);
        _target = new byte[pixels.Length];
        _scratch = new float[RecursiveGaussian.ScratchLength(Width, Height)];

        // One thread, like a 1-CPU task (see DESIGN.md): otherwise the baseline would use every core.
        Configuration configuration = Configuration.Default.Clone();
        configuration.MaxDegreeOfParallelism = 1;
        _imageSharpImage = Image.LoadPixelData<Rgba32>(configuration, pixels, Width, Height);

        _context = Context.Create(b => b.CPU());
        _accelerator = _context.CreateCPUAccelerator(0);
        _deviceImage = DeviceImage.Upload(_accelerator, _image);

        // Load (compile) the kernels outside the measurement.
        GpuSteps.Blur(_accelerator, _deviceImage, _weights).Dispose();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _deviceImage.Dispose();
        _accelerator.Dispose();
        _context.Dispose();
        _imageSharpImage.Dispose();
    }

    [Benchmark(Baseline = true)]
    public int ImageSharpGaussianBlur()
    {
        using Image<Rgba32> blurred = _imageSharpImage.Clone(c => c.GaussianBlur(Sigma));
        return blurred.Width;
    }

    [Benchmark]
    public int PreviousExact()
    {
        PreviousCpuBlur.Blur(_image.Pixels, _target, Width, Height, _weights);
        return _target[0];
    }

    [Benchmark]
    public int CpuExactBlur()
    {
        CpuBlur.Blur(_image.Pixels, _target, Width, Height, _weights);
        return _target[0];
    }

    [Benchmark]
    public int CpuRecursiveBlur()
    {
        RecursiveGaussian.Blur(_image.Pixels, _target, Width, Height, Sigma, _scratch);
        return _target[0];
    }

    [Benchmark]
    public int CpuChosenBlur()
    {
        CpuBlur.Blur(_image.Pixels, _target, Width, Height, Sigma);
        return _target[0];
    }

    [Benchmark]
    public int IlgpuCpuAcceleratorBlur()
    {
        using DeviceImage blurred = GpuSteps.Blur(_accelerator, _deviceImage, _weights);
        return blurred.Width;
    }
}
