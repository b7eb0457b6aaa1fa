using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Runtime;
using GpuRay.Workers;

using Microsoft.Extensions.Logging;

namespace GpuRay.Core.Tests.Workers;

/// <summary>
/// Large arguments and results of worker calls through files in shared memory: exact round trips, kept refs, and no
/// file left behind after a call, an eviction, a crash or the pool's end. Each test starts a one-worker runtime.
/// </summary>
[NonParallelizable]
public sealed class SharedRegionsTests
{
    private static readonly TaskOptions InWorker = new() { Isolation = TaskIsolation.Process };

    [Test]
    public void Remote_LargeDoubleArrayByValue_RoundTripsBitForBitThroughSharedMemory()
    {
        using GpuRayRuntime ray = StartOneWorker();
        double[] values = RandomDoubles(seed: 11, count: 200_000);
        var echo = ray.Remote<double[], double[]>(Echo, options: InWorker);

        double[] back = ray.Get(echo.Remote(values));

        (int requestBytes, long sharedBytes, _) = ray.Workers.LastCall;
        Assert.Multiple(() =>
        {
            Assert.That(back.Select(BitConverter.DoubleToInt64Bits), Is.EqualTo(values.Select(BitConverter.DoubleToInt64Bits)));
            Assert.That(sharedBytes, Is.EqualTo(1_600_000), "the array's bytes went through shared memory");
            Assert.That(requestBytes, Is.LessThan(2_000), "not through the pipe");
            Assert.That(FilesIn(ray), Is.Empty, "the argument's and the result's files are gone after the call");
        });
    }

    [Test]
    public void Remote_LargeCharArrayWithAnUnpairedSurrogate_ComesBackExactly()
    {
        using GpuRayRuntime ray = StartOneWorker();
        char[] text = [.. Enumerable.Range(0, 100_000).Select(i => (char)('a' + (i % 26)))];
        text[500] = '\uD800';
        var echo = ray.Remote<char[], char[]>(Echo, options: InWorker);

        // As JSON, the lone surrogate would come back as U+FFFD.
        Assert.That(ray.Get(echo.Remote(text)), Is.EqualTo(text));
    }

    [Test]
    public void Remote_LargeArrayAsKeptRef_RoundTripsExactlyAndLeavesNoFile()
    {
        using GpuRayRuntime ray = StartOneWorker();
        var random = new Random(7);
        long[] values = [.. Enumerable.Range(0, 100_000).Select(_ => random.NextInt64())];
        ObjectRef<long[]> kept = ray.Put(values);
        var echo = ray.Remote<long[], long[]>(Echo, options: InWorker);

        long[] first = ray.Get(echo.Remote(kept));
        (_, long firstShared, int keptCount) = ray.Workers.LastCall;
        string[] afterFirst = FilesIn(ray);
        long[] second = ray.Get(echo.Remote(kept));
        (int secondBytes, long secondShared, _) = ray.Workers.LastCall;

        Assert.Multiple(() =>
        {
            Assert.That((first, second), Is.EqualTo((values, values)));
            Assert.That((firstShared, keptCount), Is.EqualTo((800_000L, 1)), "sent once through shared memory, and kept");
            Assert.That(secondShared, Is.Zero, "then named by its key");
            Assert.That(secondBytes, Is.LessThan(1_000));
            Assert.That(afterFirst, Is.Empty, "the worker keeps its own copy, not the file");
            Assert.That(FilesIn(ray), Is.Empty);
        });
    }

    [Test]
    public void Remote_KeptArrayChangedByTheFunction_TheNextCallGetsTheValueAsPut()
    {
        using GpuRayRuntime ray = StartOneWorker();
        ObjectRef<double[]> kept = ray.Put(Enumerable.Range(0, 100_000).Select(i => (double)i).ToArray());
        var spoil = ray.Remote<double[], double>(SumThenSpoil, options: InWorker);

        double[] sums = [ray.Get(spoil.Remote(kept)), ray.Get(spoil.Remote(kept)), ray.Get(spoil.Remote(kept))];

        Assert.That(sums, Is.EqualTo(new[] { 4_999_950_000.0, 4_999_950_000.0, 4_999_950_000.0 }), "each call gets its own copy of the kept array");
        Assert.That(ray.Workers.LastCall.SharedBytes, Is.Zero, "the later calls used the kept array");
    }

    [Test]
    public void Remote_LargeValueThatIsNotAPrimitiveArray_TravelsAsJsonInSharedMemoryAndIsKept()
    {
        using GpuRayRuntime ray = StartOneWorker();
        List<string> words = [.. Enumerable.Range(0, 20_000).Select(i => $"word-{i}")];
        ObjectRef<List<string>> kept = ray.Put(words);
        var length = ray.Remote<List<string>, long>(TotalLength, options: InWorker);

        long byValue = ray.Get(length.Remote(words));
        long byValueShared = ray.Workers.LastCall.SharedBytes;
        long[] byRef = [ray.Get(length.Remote(kept)), ray.Get(length.Remote(kept))];
        (_, long lastShared, int keptCount) = ray.Workers.LastCall;

        long expected = words.Sum(w => (long)w.Length);
        Assert.Multiple(() =>
        {
            Assert.That(byRef.Prepend(byValue), Is.EqualTo(new[] { expected, expected, expected }));
            Assert.That(byValueShared, Is.GreaterThan(200_000), "about 250 KB of JSON through shared memory");
            Assert.That((lastShared, keptCount), Is.EqualTo((0L, 1)), "the second call by ref named the kept JSON");
            Assert.That(FilesIn(ray), Is.Empty);
        });
    }

    [Test]
    public void Remote_KeptArraysEvicted_LeaveNoFileAndAreSentAgain()
    {
        long limit = WorkerProcess.KeptArgumentLimitBytes;
        WorkerProcess.KeptArgumentLimitBytes = 1_000_000;
        try
        {
            using GpuRayRuntime ray = StartOneWorker();
            ObjectRef<int[]> a = ray.Put(Enumerable.Range(0, 200_000).ToArray());
            ObjectRef<int[]> b = ray.Put(Enumerable.Range(1, 200_000).ToArray());
            var sum = ray.Remote<int[], long>(Sum, options: InWorker);

            long[] sums = [ray.Get(sum.Remote(a)), ray.Get(sum.Remote(b)), ray.Get(sum.Remote(a))];

            Assert.That(sums, Is.EqualTo(new[] { 19_999_900_000L, 20_000_100_000L, 19_999_900_000L }));
            Assert.That(ray.Workers.LastCall, Is.EqualTo((ray.Workers.LastCall.RequestBytes, 800_000L, 1)), "a was let go of for b, and sent again");
            Assert.That(FilesIn(ray), Is.Empty);
        }
        finally
        {
            WorkerProcess.KeptArgumentLimitBytes = limit;
        }
    }

    [Test]
    public void Remote_WorkerExitsDuringACallWithALargeArgumentAndResult_FailsThatCallAndLeavesNoFile()
    {
        using GpuRayRuntime ray = StartOneWorker();
        var crash = ray.Remote<int[], int[]>(ExitWithTheFirst, options: InWorker with { MaxRetries = 0 });
        var echo = ray.Remote<int[], int[]>(Echo, options: InWorker);
        int[] numbers = [.. Enumerable.Range(5, 200_000)];

        var error = Assert.Throws<TaskFailedException>(() => ray.Get(crash.Remote(numbers)))!;

        Assert.That(error.InnerException, Is.TypeOf<WorkerCrashedException>());
        Assert.That(error.InnerException!.Message, Does.Contain("exit code 5"), "the worker read its argument from shared memory before it exited");
        Assert.That(FilesIn(ray), Is.Empty);
        Assert.That(ray.Get(echo.Remote(numbers)), Is.EqualTo(numbers), "the next call gets a fresh worker");
    }

    [Test]
    public void Dispose_AfterLargeCalls_RemovesTheFolder()
    {
        GpuRayRuntime ray = StartOneWorker();
        var echo = ray.Remote<int[], int[]>(Echo, options: InWorker);
        Assert.That(ray.Get(echo.Remote(Enumerable.Range(0, 100_000).ToArray())), Has.Length.EqualTo(100_000));
        string folder = ray.Workers.Regions.Folder;
        Assert.That(Directory.Exists(folder), Is.True, "the first large call made it");

        ray.Dispose();

        Assert.That(Directory.Exists(folder), Is.False);
    }

    [Test]
    public void Remote_SharedMemoryUnavailable_GoesThroughThePipeAndLogsOnce()
    {
        // A file where the folder's parent should be: the folder cannot be made.
        string blocker = Path.GetTempFileName();
        SharedRegions.RootOverride = blocker;
        var log = new ListLogger();
        try
        {
            using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1, MaxIdleWorkers = 1, LoggerFactory = log });
            var echo = ray.Remote<int[], int[]>(Echo, options: InWorker);
            int[] numbers = [.. Enumerable.Range(0, 100_000)];

            int[][] results = [ray.Get(echo.Remote(numbers)), ray.Get(echo.Remote(numbers))];

            (int requestBytes, long sharedBytes, _) = ray.Workers.LastCall;
            Assert.Multiple(() =>
            {
                Assert.That(results, Is.EqualTo(new[] { numbers, numbers }));
                Assert.That(requestBytes, Is.GreaterThan(500_000), "the array went as JSON over the pipe");
                Assert.That(sharedBytes, Is.Zero);
                Assert.That(log.At(LogLevel.Warning).Where(m => m.Contains("Shared memory", StringComparison.Ordinal)), Has.Exactly(1).Contains(blocker));
            });
        }
        finally
        {
            SharedRegions.RootOverride = null;
            File.Delete(blocker);
        }
    }

    [Test]
    public void NewPath_FolderOfADriverThatEnded_IsRemoved()
    {
        string root = Directory.CreateTempSubdirectory("gpuray-regions-test").FullName;
        string stale = Directory.CreateDirectory(Path.Combine(root, $"gpuray-{int.MaxValue}-1")).FullName;
        File.WriteAllText(Path.Combine(stale, "1"), "left behind");
        string other = Directory.CreateDirectory(Path.Combine(root, "not-gpurays")).FullName;
        SharedRegions.RootOverride = root;
        try
        {
            using var regions = new SharedRegions(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

            string? path = regions.NewPath();

            Assert.That(path, Does.StartWith(regions.Folder));
            Assert.That(Directory.GetDirectories(root), Is.EquivalentTo(new[] { regions.Folder, other }));
        }
        finally
        {
            SharedRegions.RootOverride = null;
            Directory.Delete(root, recursive: true);
        }
    }

    private static GpuRayRuntime StartOneWorker() => GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1, MaxIdleWorkers = 1 });

    private static string[] FilesIn(GpuRayRuntime ray) =>
        Directory.Exists(ray.Workers.Regions.Folder) ? Directory.GetFiles(ray.Workers.Regions.Folder) : [];

    /// <summary>Seeded random doubles with the values JSON or a careless copy would change: NaN, negative zero, infinities, a subnormal.</summary>
    private static double[] RandomDoubles(int seed, int count)
    {
        var random = new Random(seed);
        double[] values = [.. Enumerable.Range(0, count).Select(_ => (random.NextDouble() - 0.5) * 1e300)];
        (values[0], values[1], values[2], values[3], values[4]) = (double.NaN, -0.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon);
        return values;
    }

    private static double[] Echo(double[] values) => values;

    private static char[] Echo(char[] values) => values;

    private static long[] Echo(long[] values) => values;

    private static int[] Echo(int[] values) => values;

    private static long Sum(int[] numbers) => numbers.Sum(n => (long)n);

    private static long TotalLength(List<string> words) => words.Sum(w => (long)w.Length);

    private static double SumThenSpoil(double[] values)
    {
        double total = values.Sum();
        Array.Fill(values, -1);
        return total;
    }

    private static int[] ExitWithTheFirst(int[] numbers)
    {
        Environment.Exit(numbers[0]);
        return numbers;
    }
}
