using GpuRay.Workloads.MonteCarloPi;

namespace GpuRay.Workloads.Tests.MonteCarloPi;

public sealed class MonteCarloPiWorkloadTests
{
    private const ulong Seed = 20_240_601;

    // The reference stream's counts, recorded from the scalar counter when its stream was defined: every path
    // must give exactly these, and a change to the stream must change this table on purpose.
    private static readonly (ulong Seed, int TaskIndex, long Start, long End, long Hits)[] ReferenceCounts =
    [
        (MonteCarloPiWorkload.DefaultSeed, 0, 0, 1_000_000, 785_076),
        (MonteCarloPiWorkload.DefaultSeed, 7, 0, 1_000_000, 784_676),
        (Seed, 3, 0, 1_000_000, 785_232),
        (Seed, 0, (1L << 32) - 5_001, (1L << 32) + 5_003, 7_858),
    ];

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

    [TestCase(0)]
    [TestCase(128)]
    [TestCase(256)]
    [TestCase(512)]
    public void CountRange_EachVectorWidth_EqualsScalarCount(int bits)
    {
        PiVectorWidth width = SupportedWidth(bits);
        ulong taskKey = PiRandom.TaskKey(Seed, 5);

        Assert.That(
            PiSimdCounter.CountRange(taskKey, 3, 100_003, width),
            Is.EqualTo(PiScalarCounter.CountRange(taskKey, 3, 100_003)));
    }

    [TestCase(128)]
    [TestCase(256)]
    [TestCase(512)]
    public void CountRange_SampleNextToTheCircle_EqualsScalarCount(int bits)
    {
        // A float test could not tell this sample's side of the circle; the lanes must use the exact integer test.
        PiVectorWidth width = SupportedWidth(bits);
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
            PiSimdCounter.CountRange(taskKey, near - (near % 32), near + 40, width),
            Is.EqualTo(PiScalarCounter.CountRange(taskKey, near - (near % 32), near + 40)));
    }

    [TestCase(128)]
    [TestCase(256)]
    [TestCase(512)]
    public void CountRange_AcrossA2To32BlockBoundary_EqualsScalarCount(int bits)
    {
        PiVectorWidth width = SupportedWidth(bits);
        ulong taskKey = PiRandom.TaskKey(Seed, 0);
        const long start = (1L << 32) - 5_001;
        const long end = (1L << 32) + 5_003;

        Assert.That(PiSimdCounter.CountRange(taskKey, start, end, width), Is.EqualTo(PiScalarCounter.CountRange(taskKey, start, end)));
    }

    [TestCase(0)]
    [TestCase(128)]
    [TestCase(256)]
    [TestCase(512)]
    public void CountRange_RecordedSeeds_EqualsTheReferenceCounts(int bits)
    {
        PiVectorWidth width = SupportedWidth(bits);

        using (Assert.EnterMultipleScope())
        {
            foreach ((ulong seed, int taskIndex, long start, long end, long hits) in ReferenceCounts)
            {
                Assert.That(
                    PiSimdCounter.CountRange(PiRandom.TaskKey(seed, taskIndex), start, end, width),
                    Is.EqualTo(hits),
                    $"seed {seed}, task {taskIndex}, counters [{start}, {end})");
            }
        }
    }

    [Test]
    public void CountHitsScalar_RecordedSeeds_EqualsTheReferenceCounts()
    {
        using (Assert.EnterMultipleScope())
        {
            foreach ((ulong seed, int taskIndex, long start, long end, long hits) in ReferenceCounts.Where(c => c.Start == 0))
            {
                Assert.That(MonteCarloPiWorkload.CountHitsScalar(end, taskIndex, seed), Is.EqualTo(hits), $"seed {seed}, task {taskIndex}");
            }
        }
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

    // Test cases name widths in bits because a public test method cannot take the internal enum.
    private static PiVectorWidth SupportedWidth(int bits)
    {
        PiVectorWidth width = bits switch
        {
            512 => PiVectorWidth.Vector512,
            256 => PiVectorWidth.Vector256,
            128 => PiVectorWidth.Vector128,
            _ => PiVectorWidth.Scalar,
        };
        if (!PiSimdCounter.IsSupported(width))
        {
            Assert.Ignore($"This machine does not run {width} in hardware.");
        }

        return width;
    }
}
