using GpuRay.Workloads.MonteCarloPi;

namespace GpuRay.Workloads.Tests.MonteCarloPi;

public sealed class MonteCarloPiWorkloadTests
{
    private const ulong Seed = 20_240_601;

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(7)]
    [TestCase(8)]
    [TestCase(9)]
    [TestCase(1_000)]
    [TestCase((1 << 16) + 3)]
    public void CountHits_AnySize_EqualsScalarCount(long samples)
    {
        for (int taskIndex = 0; taskIndex < 3; taskIndex++)
        {
            Assert.That(
                MonteCarloPiWorkload.CountHits(samples, taskIndex, Seed),
                Is.EqualTo(MonteCarloPiWorkload.CountHitsScalar(samples, taskIndex, Seed)),
                $"task {taskIndex}");
        }
    }

    [TestCase(false)]
    [TestCase(true)]
    public void CountRange_EitherVectorWidth_EqualsScalarCount(bool use256)
    {
        ulong taskKey = PiRandom.TaskKey(Seed, 5);

        Assert.That(
            PiSimdCounter.CountRange(taskKey, 3, 100_003, use256),
            Is.EqualTo(PiScalarCounter.CountRange(taskKey, 3, 100_003)));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void CountRange_SampleNextToTheCircle_EqualsScalarCount(bool use256)
    {
        // A sample this close to the circle is beyond the float filter, so the vector path must redo it exactly.
        ulong taskKey = PiRandom.TaskKey(Seed, 1);
        PiBlockKey key = PiRandom.BlockKey(taskKey, 0);
        const ulong band = PiRandom.HitBound >> 21;
        uint near = 0;
        while (near < (1u << 24) && PiRandom.RadiusSquared(near, key) - (PiRandom.HitBound - band) >= 2 * band)
        {
            near++;
        }

        Assert.That(near, Is.LessThan(1u << 24), "no sample within 2^-21 of the circle in the first 2^24 counters");
        Assert.That(
            PiSimdCounter.CountRange(taskKey, near - (near % 8), near + 20, use256),
            Is.EqualTo(PiScalarCounter.CountRange(taskKey, near - (near % 8), near + 20)));
    }

    [Test]
    public void CountRange_AcrossA2To32BlockBoundary_EqualsScalarCount()
    {
        ulong taskKey = PiRandom.TaskKey(Seed, 0);
        const long start = (1L << 32) - 5_001;
        const long end = (1L << 32) + 5_003;

        Assert.That(PiSimdCounter.CountRange(taskKey, start, end), Is.EqualTo(PiScalarCounter.CountRange(taskKey, start, end)));
    }

    [Test]
    public void CountRange_SplitAnywhere_SumsToTheWholeCount()
    {
        ulong taskKey = PiRandom.TaskKey(Seed, 2);
        long whole = PiScalarCounter.CountRange(taskKey, 0, 30_000);

        Assert.That(
            PiSimdCounter.CountRange(taskKey, 0, 12_345) + PiSimdCounter.CountRange(taskKey, 12_345, 30_000),
            Is.EqualTo(whole));
    }

    [Test]
    public void CountHits_SameArguments_ReturnsSameCount()
    {
        long first = MonteCarloPiWorkload.CountHits(1 << 18, 4, Seed);

        Assert.That(MonteCarloPiWorkload.CountHits(1 << 18, 4, Seed), Is.EqualTo(first));
    }

    [Test]
    public void CountHits_OtherSeedOrTask_ReturnsAnotherCount()
    {
        long count = MonteCarloPiWorkload.CountHits(1 << 18, 0, Seed);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(MonteCarloPiWorkload.CountHits(1 << 18, 1, Seed), Is.Not.EqualTo(count));
            Assert.That(MonteCarloPiWorkload.CountHits(1 << 18, 0, Seed + 1), Is.Not.EqualTo(count));
        }
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void CountHits_OneTask_EstimatesPiWithinFourStandardErrors(int taskIndex)
    {
        const long samples = 1 << 20;
        var estimate = new PiEstimate(MonteCarloPiWorkload.CountHits(samples, taskIndex, Seed), samples);

        Assert.That(estimate.StandardErrorsFrom(Math.PI), Is.LessThan(4), estimate.ToString());
    }

    [Test]
    public void CountHits_EightTasksSummed_EstimatesPiWithinFourStandardErrors()
    {
        const long samples = 1 << 20;
        long hits = 0;
        for (int taskIndex = 0; taskIndex < 8; taskIndex++)
        {
            hits += MonteCarloPiWorkload.CountHits(samples, taskIndex, MonteCarloPiWorkload.DefaultSeed);
        }

        var estimate = new PiEstimate(hits, 8 * samples);

        Assert.That(estimate.StandardErrorsFrom(Math.PI), Is.LessThan(4), estimate.ToString());
    }

    [Test]
    public void CountHits_DefaultSeedOverload_UsesDefaultSeed()
    {
        Assert.That(
            MonteCarloPiWorkload.CountHits(10_000, 1),
            Is.EqualTo(MonteCarloPiWorkload.CountHitsScalar(10_000, 1, MonteCarloPiWorkload.DefaultSeed)));
    }

    [Test]
    public void CountHits_NegativeSamples_ThrowsArgumentOutOfRangeNamingSamples()
    {
        Assert.That(
            () => MonteCarloPiWorkload.CountHits(-1, 0, Seed),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("samples"));
    }

    [Test]
    public void CountHitsScalar_NegativeTaskIndex_ThrowsArgumentOutOfRangeNamingTaskIndex()
    {
        Assert.That(
            () => MonteCarloPiWorkload.CountHitsScalar(10, -1, Seed),
            Throws.TypeOf<ArgumentOutOfRangeException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("taskIndex"));
    }

    [Test]
    public void CountHitsOnGpu_NullAccelerator_ThrowsArgumentNullNamingAccelerator()
    {
        Assert.That(
            () => MonteCarloPiWorkload.CountHitsOnGpu(null!, 10, 0, Seed),
            Throws.TypeOf<ArgumentNullException>().With.Property(nameof(ArgumentException.ParamName)).EqualTo("accelerator"));
    }
}
