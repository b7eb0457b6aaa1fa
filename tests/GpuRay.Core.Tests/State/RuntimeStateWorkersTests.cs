using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Runtime;
using GpuRay.State;

namespace GpuRay.Core.Tests.State;

[NonParallelizable]
public sealed class RuntimeStateWorkersTests
{
    private static readonly TaskOptions InWorker = new() { Isolation = TaskIsolation.Process };

    [Test]
    public async Task ListWorkers_AfterTwoCalls_ShowsTheWorkerIdleWithItsCallsAndKeptArgument()
    {
        await using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 1 });
        Assert.That(ray.State.ListWorkers(), Is.Empty, "no worker before a task needs one");
        var pid = ray.Remote<int>(CurrentProcessId, name: "worker-pid", options: InWorker);
        var length = ray.Remote<int[], int>(LengthOf, name: "worker-length", options: InWorker);
        ObjectRef<int[]> data = ray.Put(new int[100_000]);

        int workerId = ray.Get(pid.Remote());
        Assert.That(ray.Get(length.Remote(data)), Is.EqualTo(100_000));

        WorkerInfo worker = ray.State.ListWorkers().Single();
        Assert.That(worker.ProcessId, Is.EqualTo(workerId));
        Assert.That(worker.State, Is.EqualTo(WorkerState.Idle));
        Assert.That(worker.RunningTaskId, Is.Null);
        Assert.That(worker.Calls, Is.EqualTo(new Dictionary<string, int> { ["worker-pid"] = 1, ["worker-length"] = 1 }));
        Assert.That(worker.KeptArguments, Is.EqualTo(1));
        Assert.That(worker.KeptArgumentBytes, Is.GreaterThan(100_000));
        ObjectInfo kept = ray.State.ListObjects().Single(o => o.Id == data.Id);
        Assert.That(kept.Locations, Is.EqualTo(ObjectLocations.InProcess | ObjectLocations.WorkerCache));
        Assert.That(kept.WorkerProcessIds, Is.EqualTo(new[] { workerId }));
    }

    private static int CurrentProcessId() => Environment.ProcessId;

    private static int LengthOf(int[] values) => values.Length;
}
