using GpuRay.Workloads.MonteCarloPi;
using ILGPU;
using ILGPU.Runtime;

namespace GpuRay.Workloads.Tests.MonteCarloPi;

/// <summary>The GPU path's suite, run once per backend by the derived fixtures.</summary>
public abstract class MonteCarloPiGpuTests
{
    private const ulong Seed = 77;

    private Context? _context;
    private Accelerator? _accelerator;

    protected Accelerator Accelerator => _accelerator ?? throw new InvalidOperationException("The fixture has no accelerator yet.");

    [OneTimeSetUp]
    public void CreateAccelerator()
    {
        (_context, _accelerator) = CreateBackend();
    }

    [OneTimeTearDown]
    public void DisposeAccelerator()
    {
        _accelerator?.Dispose();
        _context?.Dispose();
    }

    [TestCase(1)]
    [TestCase(40)]
    [TestCase(64)]
    public void CountHitsOnGpu_FewThreads_EqualsScalarCount(long threadCount)
    {
        const long samples = 1 << 16;

        Assert.That(
            MonteCarloPiWorkload.CountHitsOnGpu(Accelerator, samples, 3, Seed, threadCount),
            Is.EqualTo(MonteCarloPiWorkload.CountHitsScalar(samples, 3, Seed)));
    }

    [Test]
    public void CountHitsOnGpu_DefaultSeed_EqualsTheRecordedReferenceCount()
    {
        // The scalar reference's recorded count for this seed and task (MonteCarloPiWorkloadTests.ReferenceCounts).
        Assert.That(MonteCarloPiWorkload.CountHitsOnGpu(Accelerator, 1_000_000, 7, MonteCarloPiWorkload.DefaultSeed, 64), Is.EqualTo(784_676));
    }

    [Test]
    public void CountHitsOnGpu_SamplesNotAMultipleOfThreads_EqualsKernelReference()
    {
        const long samples = 1_001;
        const long threadCount = 64;
        (_, PiKernelParameters parameters) = PiGpuCounter.Plan(Accelerator, PiRandom.TaskKey(Seed, 1), samples, threadCount);
        long launched = PiGpuCounter.Plan(Accelerator, 0, samples, threadCount).Config.GroupDim.Size
            * (long)PiGpuCounter.Plan(Accelerator, 0, samples, threadCount).Config.GridDim.Size;

        Assert.That(
            MonteCarloPiWorkload.CountHitsOnGpu(Accelerator, samples, 1, Seed, threadCount),
            Is.EqualTo(PiKernel.CountHitsReference(parameters, launched)));
    }

    [Test]
    public void CountHitsOnGpu_DefaultThreads_EstimatesPiWithinFourStandardErrors()
    {
        const long samples = 1 << 16;
        var estimate = new PiEstimate(MonteCarloPiWorkload.CountHitsOnGpu(Accelerator, samples, 0, Seed), samples);

        Assert.That(estimate.StandardErrorsFrom(Math.PI), Is.LessThan(4), estimate.ToString());
    }

    [Test]
    public void CountHitsOnGpu_SameSeedTwice_ReturnsSameCount()
    {
        long first = MonteCarloPiWorkload.CountHitsOnGpu(Accelerator, 1 << 14, 2, Seed, 32);

        Assert.That(MonteCarloPiWorkload.CountHitsOnGpu(Accelerator, 1 << 14, 2, Seed, 32), Is.EqualTo(first));
    }

    [Test]
    public void CountHitsOnGpu_ZeroSamples_ReturnsZero()
    {
        Assert.That(MonteCarloPiWorkload.CountHitsOnGpu(Accelerator, 0, 0, Seed), Is.Zero);
    }

    [Test]
    public void CountHitsOnGpu_NegativeSamples_ThrowsArgumentOutOfRangeNamingSamples()
    {
        Assert.That(
            () => MonteCarloPiWorkload.CountHitsOnGpu(Accelerator, -5, 0, Seed),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("samples"));
    }

    /// <summary>Creates the backend's context and accelerator, or marks the fixture ignored when it has none.</summary>
    protected abstract (Context Context, Accelerator Accelerator) CreateBackend();
}
