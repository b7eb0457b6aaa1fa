using System.Diagnostics;
using System.Numerics;

using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Runtime;
using GpuRay.Workers;

namespace GpuRay.Core.Tests.Workers;

/// <summary>Tasks with Isolation = Process: one runtime (and its worker pool) for the fixture, as workers take a moment to start.</summary>
[NonParallelizable]
public sealed class WorkerProcessTests
{
    private static readonly TaskOptions InWorker = new() { Isolation = TaskIsolation.Process };
    private GpuRayRuntime _ray = null!;

    [OneTimeSetUp]
    public void Start() => _ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 2 });

    [OneTimeTearDown]
    public void Stop() => _ray.Dispose();

    [Test]
    public void Remote_ProcessIsolation_RunsInAnotherProcess()
    {
        var processId = _ray.Remote(CurrentProcessId, options: InWorker);

        int workerId = _ray.Get(processId.Remote());

        Assert.That(workerId, Is.Not.EqualTo(Environment.ProcessId));
        Assert.That(Process.GetProcessById(workerId).HasExited, Is.False, "an idle worker stays up for the next task");
    }

    [Test]
    public void Timeline_TaskInAWorker_IsOnThatWorkersRow()
    {
        var processId = _ray.Remote(CurrentProcessId, name: "pid-for-the-timeline", options: InWorker);
        ObjectRef<int> result = processId.Remote();
        int workerId = _ray.Get(result);
        using var stream = new MemoryStream();

        GpuRay.Timeline.TimelineEvent attempt = _ray.Timeline.Snapshot().Single(e => e.TaskId == result.Id);
        _ray.Timeline.WriteChromeTrace(stream);

        Assert.That(attempt.WorkerProcessId, Is.EqualTo(workerId));
        using var trace = System.Text.Json.JsonDocument.Parse(stream.ToArray());
        var events = trace.RootElement.GetProperty("traceEvents").EnumerateArray().ToList();
        var complete = events.Single(e => e.GetProperty("ph").GetString() == "X" && e.GetProperty("args").GetProperty("task_id").GetInt64() == result.Id);
        Assert.That(complete.GetProperty("pid").GetInt32(), Is.EqualTo(workerId));
        Assert.That(
            events.Where(e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("pid").GetInt32() == workerId).Select(e => e.GetProperty("args").GetProperty("name").GetString()),
            Is.EqualTo(new[] { $"GpuRay worker (pid {workerId})" }));
    }

    [Test]
    public void Remote_MaxCallsTwo_NoWorkerRunsMoreThanTwoAndThoseThatDidExit()
    {
        var recycled = _ray.Remote(CurrentProcessId, name: "recycled-every-two", options: InWorker with { MaxCalls = 2 });

        // One at a time: without recycling, the idle worker on top of the pool would run them all.
        int[] workers = [.. Enumerable.Range(0, 6).Select(_ => _ray.Get(recycled.Remote()))];

        Dictionary<int, int> calls = workers.CountBy(pid => pid).ToDictionary();
        Assert.Multiple(() =>
        {
            Assert.That(calls.Values, Has.All.LessThanOrEqualTo(2), string.Join(", ", workers));
            Assert.That(calls.Values, Has.Some.EqualTo(2), "the first two calls share the idle worker: it is not let go early");
            Assert.That(calls.Where(c => c.Value == 2).Select(c => c.Key), Has.All.Matches<int>(ProcessHasEnded), "a worker that ran its calls exits");
        });
    }

    [Test]
    public void Remote_MaxCallsCountsPerFunction_OtherFunctionsCallsDoNotCount()
    {
        // One CPU and one idle worker: every call goes to the same worker while it lives.
        using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1, MaxIdleWorkers = 1 });
        var twice = ray.Remote(CurrentProcessId, name: "recycled-every-two", options: InWorker with { MaxCalls = 2 });
        var unlimited = ray.Remote(CurrentProcessId, name: "never-recycled", options: InWorker);

        int worker = ray.Get(unlimited.Remote());
        int[] sameWorker = [ray.Get(unlimited.Remote()), ray.Get(twice.Remote()), ray.Get(unlimited.Remote()), ray.Get(twice.Remote())];

        Assert.That(sameWorker, Has.All.EqualTo(worker), "four calls in all before 'recycled-every-two' ran twice");
        Assert.That(ProcessHasEnded(worker), Is.True, "it left after its second call of 'recycled-every-two'");
        Assert.That(ray.Get(unlimited.Remote()), Is.Not.EqualTo(worker));
    }

    [Test]
    public void Remote_LargeRefArgumentTwiceToOneWorker_TheSecondCallSendsOnlyItsId()
    {
        using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1, MaxIdleWorkers = 1 });
        ObjectRef<int[]> numbers = ray.Put(Enumerable.Range(0, 200_000).ToArray());
        var sum = ray.Remote<int[], long>(Sum, options: InWorker);

        long first = ray.Get(sum.Remote(numbers));
        (_, long firstShared, int keptAfterFirst) = ray.Workers.LastCall;
        long second = ray.Get(sum.Remote(numbers));
        (int secondBytes, long secondShared, int keptAfterSecond) = ray.Workers.LastCall;

        Assert.Multiple(() =>
        {
            Assert.That((first, second), Is.EqualTo((19_999_900_000L, 19_999_900_000L)));
            Assert.That(firstShared, Is.EqualTo(800_000), "the first call carries the array's bytes");
            Assert.That(secondBytes, Is.LessThan(1_000), "the second names it by id");
            Assert.That(secondShared, Is.Zero, "and sends nothing through shared memory");
            Assert.That((keptAfterFirst, keptAfterSecond), Is.EqualTo((1, 1)));
        });
    }

    [Test]
    public void Remote_KeptArgumentChangedByTheFunction_TheNextCallGetsTheValueAsPut()
    {
        using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1, MaxIdleWorkers = 1 });
        ObjectRef<int[]> numbers = ray.Put(Enumerable.Range(0, 100_000).ToArray());
        var spoil = ray.Remote<int[], long>(SumThenSpoil, options: InWorker);

        long[] sums = [ray.Get(spoil.Remote(numbers)), ray.Get(spoil.Remote(numbers))];

        Assert.That(sums, Is.EqualTo(new[] { 4_999_950_000L, 4_999_950_000L }), "each call reads its own copy of what the worker keeps");
        Assert.That(ray.Workers.LastCall.RequestBytes, Is.LessThan(1_000));
    }

    [Test]
    public void Remote_MoreLargeRefArgumentsThanAWorkerKeeps_TheOldestGoAndAreSentAgain() => WithOneWorkerKeeping1000000Bytes((ray, a, b) =>
    {
        var sum = ray.Remote<int[], long>(Sum, options: InWorker);

        long[] sums = [ray.Get(sum.Remote(a)), ray.Get(sum.Remote(b))];
        (_, _, int keptAfterB) = ray.Workers.LastCall;
        sums = [.. sums, ray.Get(sum.Remote(a))];
        (_, long againShared, int keptAfterA) = ray.Workers.LastCall;

        Assert.Multiple(() =>
        {
            Assert.That(sums, Is.EqualTo(new[] { 19_999_900_000L, 20_000_100_000L, 19_999_900_000L }));
            Assert.That((keptAfterB, keptAfterA), Is.EqualTo((1, 1)), "each is 800 KB of ints: one fits under the limit");
            Assert.That(againShared, Is.EqualTo(800_000), "a was let go of for b, so it is sent again");
        });
    });

    [Test]
    public void Remote_KeptArgumentAndANewOneOverTheLimit_TheOneInUseIsNotLetGo() => WithOneWorkerKeeping1000000Bytes((ray, a, b) =>
    {
        var sum = ray.Remote<int[], long>(Sum, options: InWorker);
        var both = ray.Remote<int[], int[], long>(SumBoth, options: InWorker);

        long[] sums = [ray.Get(sum.Remote(a)), ray.Get(both.Remote(a, b)), ray.Get(sum.Remote(b)), ray.Get(sum.Remote(a))];

        Assert.That(sums, Is.EqualTo(new[] { 19_999_900_000L, 40_000_000_000L, 20_000_100_000L, 19_999_900_000L }));
    });

    [Test]
    public void Remote_SameLargeRefInTwoPositions_IsSentOnce()
    {
        using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1, MaxIdleWorkers = 1 });
        ObjectRef<int[]> a = ray.Put(Enumerable.Range(0, 200_000).ToArray());
        var both = ray.Remote<int[], int[], long>(SumBoth, options: InWorker);

        Assert.That(ray.Get(both.Remote(a, a)), Is.EqualTo(39_999_800_000L));
        Assert.That(ray.Workers.LastCall.SharedBytes, Is.EqualTo(800_000), "800 KB of ints, once");
    }

    [Test]
    public void Remote_RefsOfTwoRuntimesWithTheSameId_AreNotTakenForEachOther()
    {
        using GpuRayRuntime other = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1 });
        using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1, MaxIdleWorkers = 1 });
        ObjectRef<int[]> fromOther = other.Put(Enumerable.Range(0, 200_000).ToArray());
        ObjectRef<int[]> own = ray.Put(Enumerable.Range(1, 200_000).ToArray());
        Assert.That(own.Id, Is.EqualTo(fromOther.Id), "each runtime numbers its own objects");
        var sum = ray.Remote<int[], long>(Sum, options: InWorker);

        Assert.That(new[] { ray.Get(sum.Remote(fromOther)), ray.Get(sum.Remote(own)) }, Is.EqualTo(new[] { 19_999_900_000L, 20_000_100_000L }));
    }

    [Test]
    public void Remote_SmallRefArgument_IsSentEachTimeAndNotKept()
    {
        using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1, MaxIdleWorkers = 1 });
        ObjectRef<int[]> few = ray.Put(new[] { 1, 2, 3 });
        var sum = ray.Remote<int[], long>(Sum, options: InWorker);

        Assert.That(ray.Get(sum.Remote(few)) + ray.Get(sum.Remote(few)), Is.EqualTo(12));
        Assert.That(ray.Workers.LastCall.KeptCount, Is.Zero);
    }

    [Test]
    public void Remote_ProcessIsolation_ArgumentsAndResultMakeTheTrip()
    {
        var summarise = _ray.Remote<Sample, double, Summary>(Summarise, options: InWorker);
        var sample = new Sample("weights", [1.5, -2.25, double.NaN, double.PositiveInfinity], BigInteger.Pow(3, 200), (7, "seven"));

        Summary summary = _ray.Get(summarise.Remote(sample, 0.1));

        Assert.That(summary, Is.EqualTo(Summarise(sample, 0.1)));
        Assert.That(summary.Doubled, Is.EqualTo(BigInteger.Pow(3, 200) * 2));
        Assert.That(double.IsNaN(summary.Values[2]) && double.IsPositiveInfinity(summary.Values[3]), Is.True, "NaN and infinity make the trip");
    }

    [Test]
    public void Remote_ProcessIsolationWithRefArgument_GetsThePutValue()
    {
        ObjectRef<int[]> numbers = _ray.Put(Enumerable.Range(1, 1000).ToArray());
        var sum = _ray.Remote<int[], long>(Sum, options: InWorker);

        Assert.That(_ray.Get(sum.Remote(numbers)), Is.EqualTo(500_500));
    }

    [Test]
    public void Remote_ProcessIsolationLambdaThatCapturesNothing_Runs()
    {
        var square = _ray.Remote((int x) => x * x, name: "square-in-worker", options: InWorker);

        Assert.That(_ray.Get(square.Remote(12)), Is.EqualTo(144));
    }

    [Test]
    public void Remote_ProcessIsolationBodyWritesToConsole_ResultStillArrives()
    {
        var chatty = _ray.Remote<string, string>(Chatty, options: InWorker);

        Assert.That(_ray.Get(chatty.Remote("hello")), Is.EqualTo("HELLO"));
    }

    [Test]
    public void Remote_ProcessIsolationBodyThrows_FailsWithTheSameExceptionType()
    {
        var parse = _ray.Remote<string, int>(ParsePositive, options: InWorker);

        var error = Assert.Throws<TaskFailedException>(() => _ray.Get(parse.Remote("-4")))!;

        Assert.That(error.InnerException, Is.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(error.InnerException!.Message, Does.Contain("'-4' is not positive"));
        Assert.That(error.InnerException.StackTrace, Does.Contain(nameof(ParsePositive)), "the worker's stack is kept");
        Assert.That(_ray.Get(parse.Remote("17")), Is.EqualTo(17), "the worker serves the next call");
    }

    [Test]
    public void Remote_ProcessIsolationArgumentNull_ComesBackWithItsOwnMessageOnce()
    {
        var length = _ray.Remote<string, int>(LengthOf, options: InWorker);

        var error = Assert.Throws<TaskFailedException>(() => _ray.Get(length.Remote((string)null!)))!;

        Assert.That(error.InnerException, Is.TypeOf<ArgumentNullException>());
        Assert.That(error.InnerException!.Message, Is.EqualTo(new ArgumentNullException("text").Message));
    }

    [Test]
    public void Remote_ProcessIsolationAggregateException_KeepsItsCauses()
    {
        var both = _ray.Remote<int, int>(FailTwice, options: InWorker);

        var error = Assert.Throws<TaskFailedException>(() => _ray.Get(both.Remote(1)))!;

        var aggregate = (AggregateException)error.InnerException!;
        Assert.That(aggregate.InnerExceptions.Select(e => e.GetType()), Is.EqualTo(new[] { typeof(TimeoutException), typeof(InvalidDataException) }));
        Assert.That(aggregate.InnerExceptions[1].Message, Is.EqualTo("second"));
    }

    [Test]
    public void Remote_ProcessIsolationArgumentOfASubtype_FailsThatTaskNamingTheArgument()
    {
        var area = _ray.Remote<Shape, double>(AreaOf, options: InWorker);

        var error = Assert.Throws<TaskFailedException>(() => _ray.Get(area.Remote(new Square { Side = 3 })))!;

        Assert.That(error.InnerException!.Message, Does.Contain("Argument 1 of remote function").And.Contain(nameof(Square)).And.Contain(nameof(Shape)));
        Assert.That(_ray.Get(area.Remote(new Shape { Side = 3 })), Is.EqualTo(9));
    }

    [Test]
    public void Remote_ProcessIsolationBodyWritesToTheRawStandardOutput_ResultStillArrives()
    {
        var raw = _ray.Remote<int, int>(WriteRawToStandardOutput, options: InWorker);

        Assert.That(_ray.Get(raw.Remote(41)), Is.EqualTo(42));
    }

    [Test]
    public void Remote_ProcessIsolationExtensionMethodGroup_ThrowsBeforeAnyTask()
    {
        string prefix = "pre";

        var error = Assert.Throws<ArgumentException>(() => _ray.Remote<string, string>(prefix.Join, name: "joined", options: InWorker))!;

        Assert.That(error.Message, Does.Contain("'joined'").And.Contain("bound to its first argument"));
    }

    [Test]
    public void Validate_ProcessIsolationWithoutCpu_ThrowsListingValidValues()
    {
        var error = Assert.Throws<ArgumentException>(() => (InWorker with { NumCpus = 0 }).Validate())!;

        Assert.That(error.Message, Does.Contain("Isolation").And.Contain("NumCpus above 0"));
    }

    [Test]
    public void Start_InAProcessStartedAsAWorkerWhoseHookDidNotRun_ThrowsInsteadOfNesting()
    {
        Environment.SetEnvironmentVariable("GPURAY_WORKER_PIPE", "left-over");
        try
        {
            var error = Assert.Throws<WorkerStartException>(() => GpuRay.Workers.WorkerLaunch.Create("another"))!;

            Assert.That(error.Message, Does.Contain("startup hook did not run"));
        }
        finally
        {
            Environment.SetEnvironmentVariable("GPURAY_WORKER_PIPE", null);
        }
    }

    [Test]
    public void Remote_ProcessIsolationExceptionWithoutMessageConstructor_FailsWithWorkerTaskException()
    {
        var odd = _ray.Remote<int, int>(ThrowOdd, options: InWorker);

        var error = Assert.Throws<TaskFailedException>(() => _ray.Get(odd.Remote(5)))!;

        var remote = (WorkerTaskException)error.InnerException!;
        Assert.That(remote.RemoteType, Does.StartWith(typeof(OddException).FullName!));
        Assert.That(remote.Message, Does.Contain("5 is odd"));
        Assert.That(remote.ToString(), Does.Contain(nameof(ThrowOdd)));
    }

    [Test]
    public void Remote_WorkerExitsDuringTheCall_RetriedInAFreshWorker()
    {
        string marker = Path.Combine(Path.GetTempPath(), $"gpuray-crash-{Guid.NewGuid():N}");
        var crashOnce = _ray.Remote<string, int>(ExitTheFirstTime, options: InWorker with { MaxRetries = 1 });
        var bystander = _ray.Remote<int[], long>(Sum, options: InWorker);
        try
        {
            ObjectRef<int> crashing = crashOnce.Remote(marker);
            ObjectRef<long> other = bystander.Remote(new[] { 1, 2, 3 });

            Assert.That(_ray.Get(crashing), Is.EqualTo(2), "the second attempt ran in a fresh worker");
            Assert.That(_ray.Get(other), Is.EqualTo(6));
        }
        finally
        {
            File.Delete(marker);
        }
    }

    [Test]
    public void Remote_WorkerExitsOnEveryAttempt_FailsWithWorkerCrashed()
    {
        var exit = _ray.Remote<int, int>(ExitWith, options: InWorker with { MaxRetries = 1 });

        var error = Assert.Throws<TaskFailedException>(() => _ray.Get(exit.Remote(3)))!;

        Assert.That(error.InnerException, Is.TypeOf<WorkerCrashedException>());
        Assert.That(error.InnerException!.Message, Does.Contain("exit code 3").And.Contain(nameof(ExitWith)));
    }

    [Test]
    public void Remote_WorkerFailsFast_ReportsTheSignalAndTheLastLinesOfItsStandardError()
    {
        var failFast = _ray.Remote<string, int>(FailFast, options: InWorker with { MaxRetries = 0 });

        var error = Assert.Throws<TaskFailedException>(() => _ray.Get(failFast.Remote("fail-fast on purpose")))!;

        Assert.That(error.InnerException, Is.TypeOf<WorkerCrashedException>());
        string message = error.InnerException!.Message;
        if (!OperatingSystem.IsWindows())
        {
            Assert.That(message, Does.Contain("exit code 134 (SIGABRT, signal 6"), message);
        }

        Assert.That(message, Does.Contain("the last lines of its standard error").And.Contain("at GpuRay.Workers.WorkerHost.Run"), message);
    }

    [Test]
    public void Cancel_RunningTaskInWorker_KillsTheWorkerAndCancelsTheTask()
    {
        var block = _ray.Remote(BlockForever, options: InWorker);
        (ObjectRef<int> blocked, int workerId, _) = SubmitAndWaitForWorker(_ray, () => block.Remote());

        _ray.Cancel(blocked);

        Assert.Throws<TaskCancelledException>(() => _ray.Get(blocked));
        Assert.That(ProcessHasEnded(workerId), Is.True, $"worker {workerId} should have been killed");
        var processId = _ray.Remote(CurrentProcessId, options: InWorker);
        Assert.That(_ray.Get(processId.Remote()), Is.Not.EqualTo(workerId), "later tasks get another worker");
    }

    [Test]
    public void Remote_ProcessIsolation_ThreadWaitingOnTheWorkerCountsAsBlocked()
    {
        // A named mutex is the one cross-process gate .NET has on every platform: the task waits in the worker until
        // the test lets it go.
        string name = $"gpuray-test-{Guid.NewGuid():N}";
        using var gate = new Mutex(initiallyOwned: true, name);
        var waitForGate = _ray.Remote<string, int>(PassGate, options: InWorker);
        (ObjectRef<int> passed, _, int blockedDuringCall) = SubmitAndWaitForWorker(_ray, () => waitForGate.Remote(name));

        gate.ReleaseMutex();

        Assert.That(_ray.Get(passed), Is.EqualTo(1));

        // The pool thread that waits on the worker raises the pool's minimum while it waits, so that the next task's
        // dispatch does not wait for the pool to grow; the result is published after it lowered it again.
        Assert.That(blockedDuringCall, Is.EqualTo(1));
        Assert.That(GpuRay.Scheduling.BlockedPoolThreads.Count, Is.Zero);
    }

    [Test]
    public async Task DisposeAsync_WhileATaskBlocksInAWorker_CancelsItAndEndsTheWorker()
    {
        GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1 });
        var block = ray.Remote(BlockForever, options: InWorker);
        (ObjectRef<int> blocked, int workerId, _) = SubmitAndWaitForWorker(ray, () => block.Remote());

        await ray.DisposeAsync();

        await Assert.ThrowsAsync<TaskCancelledException>(async () => await blocked);
        Assert.That(ProcessHasEnded(workerId), Is.True, $"worker {workerId} should be gone");
    }

    [Test]
    public async Task PrestartWorkersAsync_StartsTheWorkersBeforeAnyTask()
    {
        using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 2 });

        await ray.PrestartWorkersAsync(2);

        Assert.That(ray.Workers.LiveCount, Is.EqualTo(2));
    }

    [Test]
    public void Remote_ProcessIsolationWithCapturingLambda_ThrowsNamingTheFunction()
    {
        int offset = 3;

        var error = Assert.Throws<ArgumentException>(() => _ray.Remote((int x) => x + offset, name: "adds-offset", options: InWorker))!;

        Assert.That(error.Message, Does.Contain("'adds-offset'").And.Contain("captures variables"));
    }

    [Test]
    public void Remote_ProcessIsolationWithReadOnlyProperty_ThrowsNamingTheProperty()
    {
        var error = Assert.Throws<ArgumentException>(() => _ray.Remote<Counter, int>(ReadCounter, options: InWorker))!;

        Assert.That(error.Message, Does.Contain("'Count'").And.Contain("cannot be read back"));
    }

    [Test]
    public void Remote_ProcessIsolationWithObjectParameter_ThrowsNamingTheParameter()
    {
        var error = Assert.Throws<ArgumentException>(() => _ray.Remote<object, string>(Describe, options: InWorker))!;

        Assert.That(error.Message, Does.Contain("parameter 'value'").And.Contain("System.Object"));
    }

    [Test]
    public void WithOptions_ProcessIsolationAndGpus_ThrowsListingValidValues()
    {
        var error = Assert.Throws<ArgumentException>(() => (InWorker with { NumGpus = 1 }).Validate())!;

        Assert.That(error.Message, Does.Contain("Isolation").And.Contain("None or Process"));
    }

    [Test]
    public void FromKeywords_IsolationProcess_SetsIsolation()
    {
        var options = TaskOptions.FromKeywords(new Dictionary<string, object?> { ["isolation"] = "process" });

        Assert.That(options.Isolation, Is.EqualTo(TaskIsolation.Process));
    }

    [Test]
    public void Remote_ProcessIsolationArgumentJsonCannotWrite_FailsThatTaskOnly()
    {
        var count = _ray.Remote<Node, int>(CountNodes, options: InWorker);
        var cyclic = new Node { Name = "a" };
        cyclic.Next = cyclic;

        var error = Assert.Throws<TaskFailedException>(() => _ray.Get(count.Remote(cyclic)))!;

        Assert.That(error.InnerException, Is.InstanceOf<System.Text.Json.JsonException>());
        Assert.That(_ray.Get(count.Remote(new Node { Name = "a", Next = new Node { Name = "b" } })), Is.EqualTo(2));
    }

    private static int CurrentProcessId() => Environment.ProcessId;

    /// <summary>
    /// Runs a test on a one-worker runtime whose worker keeps at most 1 MB of ref arguments, with two Put arrays of
    /// 800 KB each: a (0..199,999) and b (1..200,000).
    /// </summary>
    private static void WithOneWorkerKeeping1000000Bytes(Action<GpuRayRuntime, ObjectRef<int[]>, ObjectRef<int[]>> test)
    {
        long limit = WorkerProcess.KeptArgumentLimitBytes;
        WorkerProcess.KeptArgumentLimitBytes = 1_000_000;
        try
        {
            using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1, MaxIdleWorkers = 1 });
            test(ray, ray.Put(Enumerable.Range(0, 200_000).ToArray()), ray.Put(Enumerable.Range(1, 200_000).ToArray()));
        }
        finally
        {
            WorkerProcess.KeptArgumentLimitBytes = limit;
        }
    }

    private static long SumBoth(int[] first, int[] second) => Sum(first) + Sum(second);

    private static long SumThenSpoil(int[] numbers)
    {
        long total = Sum(numbers);
        Array.Fill(numbers, -1);
        return total;
    }

    /// <summary>
    /// Submits one task and returns once its call has been sent to a worker: the ref, the worker's process id, and
    /// how many pool threads counted as blocked at that moment.
    /// </summary>
    private static (ObjectRef<int> Ref, int WorkerId, int BlockedPoolThreads) SubmitAndWaitForWorker(GpuRayRuntime ray, Func<ObjectRef<int>> submit)
    {
        using var sent = new ManualResetEventSlim();
        (int WorkerId, int Blocked) seen = (0, -1);
        void OnSent(int id)
        {
            seen = (id, GpuRay.Scheduling.BlockedPoolThreads.Count);
            sent.Set();
        }

        ray.Workers.CallSent += OnSent;
        try
        {
            ObjectRef<int> submitted = submit();
            Assert.That(sent.Wait(TimeSpan.FromSeconds(60)), Is.True, "phase: waiting for the call to reach a worker");
            return (submitted, seen.WorkerId, seen.Blocked);
        }
        finally
        {
            ray.Workers.CallSent -= OnSent;
        }
    }

    /// <summary>Whether the process has exited (waiting for it up to 30 s), or is already gone.</summary>
    private static bool ProcessHasEnded(int processId)
    {
        try
        {
            using Process process = Process.GetProcessById(processId);
            return process.WaitForExit(TimeSpan.FromSeconds(30));
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static Summary Summarise(Sample sample, double shift) =>
        new(sample.Name.ToUpperInvariant(), [.. sample.Values.Select(v => v + shift)], sample.Big * 2, sample.Pair.Item2.Length + sample.Pair.Item1);

    private static long Sum(int[] numbers) => numbers.Sum(n => (long)n);

    private static string Chatty(string text)
    {
        Console.WriteLine($"a task's own output: {text}");
        return text.ToUpperInvariant();
    }

    private static int ParsePositive(string text)
    {
        int value = int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
        return value > 0 ? value : throw new ArgumentOutOfRangeException(nameof(text), $"'{text}' is not positive.");
    }

    private static int LengthOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length;
    }

    private static int FailTwice(int value) =>
        throw new AggregateException(new TimeoutException($"first {value}"), new InvalidDataException("second"));

    private static double AreaOf(Shape shape) => shape.Side * shape.Side;

    private static int WriteRawToStandardOutput(int value)
    {
        using Stream output = Console.OpenStandardOutput();
        output.Write("not a frame\n"u8);
        output.Flush();
        return value + 1;
    }

    private static int ThrowOdd(int value) => value % 2 == 0 ? value : throw new OddException(value);

    private static int ExitTheFirstTime(string marker)
    {
        if (!File.Exists(marker))
        {
            File.WriteAllText(marker, "crashed once");
            Environment.Exit(7);
        }

        return 2;
    }

    private static int FailFast(string message)
    {
        Environment.FailFast(message);
        return 0;
    }

    private static int ExitWith(int code)
    {
        Environment.Exit(code);
        return code;
    }

    private static int PassGate(string name)
    {
        using Mutex gate = Mutex.OpenExisting(name);
        gate.WaitOne();
        gate.ReleaseMutex();
        return 1;
    }

    private static int BlockForever()
    {
        using var never = new ManualResetEventSlim();
        never.Wait();
        return 0;
    }

    private static int ReadCounter(Counter counter) => counter.Count;

    private static string Describe(object value) => value.ToString() ?? string.Empty;

    private static int CountNodes(Node node)
    {
        int count = 0;
        for (Node? n = node; n is not null; n = n.Next)
        {
            count++;
        }

        return count;
    }

    public sealed record Sample(string Name, double[] Values, BigInteger Big, (int, string) Pair);

    public sealed record Summary(string Name, double[] Values, BigInteger Doubled, int Score)
    {
        public bool Equals(Summary? other) =>
            other is not null && Name == other.Name && Values.SequenceEqual(other.Values) && Doubled == other.Doubled && Score == other.Score;

        public override int GetHashCode() => HashCode.Combine(Name, Doubled, Score);
    }

    public class Shape
    {
        public double Side { get; set; }
    }

    public sealed class Square : Shape
    {
        public bool Filled { get; set; }
    }

    public sealed class Counter
    {
        private int _count;

        public int Count => _count;

        public void Add() => _count++;
    }

    public sealed class Node
    {
        public string Name { get; set; } = string.Empty;

        public Node? Next { get; set; }
    }

    public sealed class OddException : Exception
    {
        public OddException(int value)
            : base($"{value} is odd")
        {
        }
    }
}

/// <summary>An extension method, whose method group binds its first argument.</summary>
internal static class StringJoins
{
    public static string Join(this string prefix, string rest) => prefix + rest;
}
