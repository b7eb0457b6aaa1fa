using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Runtime;
using GpuRay.Scheduling;

namespace GpuRay.Core.Tests.Scheduling;

/// <summary>A device the provider reports lost is out of service: nothing is placed on it, and what cannot run elsewhere fails.</summary>
public sealed class LostDeviceTests : RuntimeFixture
{
    private const long GiB = 1L << 30;
    private const string Cause = "kernel 'K.Bad' in task 'bad' hit CUDA_ERROR_ILLEGAL_ADDRESS";

    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    [Test]
    public void Lose_OneOfTwo_LaterTasksGoToTheOtherAndTheTotalsLeaveItOut()
    {
        FakeDevices devices = StartWith(new FakeDevices(GiB, GiB));
        var onGpu = Ray.Remote(() => TaskContext.Current!.GpuIds.Single(), "gpu-id", new TaskOptions { NumGpus = 1, NumCpus = 0 });

        devices.Lose(0, Cause);

        Assert.That(Ray.Get(Enumerable.Range(0, 4).Select(_ => onGpu.Remote()), Guard), Is.All.EqualTo(1));
        Assert.Multiple(() =>
        {
            Assert.That(Ray.ClusterResources()["GPU"], Is.EqualTo(1));
            Assert.That(Ray.ClusterResources()["GpuMemory"], Is.EqualTo(GiB));
            Assert.That(Ray.AvailableResources()["GPU"], Is.EqualTo(1));
            Assert.That(Ray.Scheduler.DeviceAvailability()[0], Is.EqualTo((0.0, 0L)), "the lost device offers nothing");
        });
    }

    [Test]
    public void Lose_TheOnlyDevice_GpuSubmitsFailAsInfeasibleNamingTheLossAndCpuTasksRun()
    {
        FakeDevices devices = StartWith(new FakeDevices(GiB));
        var madeBefore = Ray.Remote(() => 1, "made-before", new TaskOptions { NumGpus = 0.5 });

        devices.Lose(0, Cause);
        var madeAfter = Ray.Remote(() => 1, "made-after", new TaskOptions { NumGpus = 1 });

        var before = Assert.Throws<InfeasibleTaskException>(() => madeBefore.Remote());
        var after = Assert.Throws<InfeasibleTaskException>(() => madeAfter.Remote());
        Assert.Multiple(() =>
        {
            Assert.That(before!.Message, Does.Contain("'made-before'").And.Contain("0 GPU in total").And.Contain("GPU 0 was lost to this process").And.Contain("K.Bad"));
            Assert.That(before.Lost, Does.Contain("CUDA_ERROR_ILLEGAL_ADDRESS"));
            Assert.That(after!.Resource, Is.EqualTo("GPU"));
            Assert.That(Ray.Get(Ray.Remote(() => 42, "cpu").Remote(), Guard), Is.EqualTo(42));
        });
    }

    [Test]
    public void Lose_WhileTasksQueueForIt_TheyFailAtOnceAndTheTaskRunningOnItEndsAsItWill()
    {
        FakeDevices devices = StartWith(new FakeDevices(GiB, 4 * GiB));
        var started = new TaskCompletionSource();
        var gate = new TaskCompletionSource<int>();
        var bigOptions = new TaskOptions { GpuMemory = 3 * GiB, NumCpus = 0 };
        ObjectRef<int> holder = Ray.Remote(
            () =>
            {
                started.SetResult();
                return gate.Task.Result + TaskContext.Current!.GpuIds.Single();
            },
            "holder",
            bigOptions).Remote();
        try
        {
            Assert.That(started.Task.Wait(Guard), Is.True);
            ObjectRef<int> queued = Ray.Remote(() => 0, "big-queued", bigOptions).Remote();
            Assert.That(queued.IsCompleted, Is.False, "only GPU 1 has 3 GiB, and the holder has it");

            devices.Lose(1, Cause);

            Assert.That(queued.IsCompleted, Is.True, "failed at the loss, not when the holder ends");
            var failed = Assert.Throws<TaskFailedException>(() => Ray.Get(queued, TimeSpan.Zero));
            Assert.That(failed!.InnerException, Is.TypeOf<InfeasibleTaskException>()
                .With.Property(nameof(InfeasibleTaskException.Resource)).EqualTo("GpuMemory")
                .And.Property(nameof(InfeasibleTaskException.Lost)).Contains("GPU 1 was lost"));
            var small = Ray.Remote(() => TaskContext.Current!.GpuIds.Single(), "small", new TaskOptions { NumGpus = 1, NumCpus = 0 });
            Assert.That(Ray.Get(small.Remote(), Guard), Is.Zero);
        }
        finally
        {
            // A failed assertion must not leave the holder running: the runtime's dispose waits for it.
            gate.TrySetResult(10);
        }

        Assert.That(Ray.Get(holder, Guard), Is.EqualTo(11));
        Assert.That(Ray.AvailableResources()["GpuMemory"], Is.EqualTo(GiB), "the holder's share of the lost device is not offered again");
    }

    [Test]
    public void Lose_WithTheQueuePolicy_QueuedTasksKeepWaiting()
    {
        FakeDevices devices = StartWith(new FakeDevices(GiB), InfeasibleTaskPolicy.Queue);
        var started = new TaskCompletionSource();
        var gate = new TaskCompletionSource<int>();
        var whole = new TaskOptions { NumGpus = 1, NumCpus = 0 };
        ObjectRef<int> holder = Ray.Remote(
            () =>
            {
                started.SetResult();
                return gate.Task.Result;
            },
            "holder",
            whole).Remote();
        ObjectRef<int> queued;
        try
        {
            Assert.That(started.Task.Wait(Guard), Is.True);
            queued = Ray.Remote(() => 0, "queued", whole).Remote();
            devices.Lose(0, Cause);
        }
        finally
        {
            gate.TrySetResult(1);
        }

        Assert.That(Ray.Get(holder, Guard), Is.EqualTo(1));
        Assert.That(queued.IsCompleted, Is.False, "kept waiting, as infeasible tasks are under this policy");
        Assert.That(Ray.Remote(() => 0, "submitted-after", whole).Remote().IsCompleted, Is.False);
    }

    [Test]
    public void Lose_DuringAnAttemptOnIt_TheRetryRunsOnTheOtherDevice()
    {
        var devices = new FakeDevices(GiB, GiB);
        devices.OnEnter = context => context.GpuIds[0] == 0 ? LoseAndFail(devices, 0) : null;
        StartWith(devices);
        var onGpu = Ray.Remote(
            () => (TaskContext.Current!.GpuIds.Single(), TaskContext.Current.Attempt),
            "placed-on-the-lost-one",
            new TaskOptions { NumGpus = 1, NumCpus = 0, MaxRetries = 1 });

        Assert.That(Ray.Get(onGpu.Remote(), Guard), Is.EqualTo((1, 2)), "packing put the first attempt on GPU 0");
    }

    [Test]
    public void Lose_DuringAnAttemptOnTheOnlyDevice_FailsAsInfeasibleWithoutSpendingItsRetries()
    {
        var devices = new FakeDevices(GiB);
        devices.OnEnter = _ => LoseAndFail(devices, 0);
        StartWith(devices);
        var onGpu = Ray.Remote(() => 0, "placed-on-the-lost-one", new TaskOptions { NumGpus = 1, NumCpus = 0, MaxRetries = 3 });

        var failed = Assert.Throws<TaskFailedException>(() => Ray.Get(onGpu.Remote(), Guard));

        Assert.That(failed!.InnerException, Is.TypeOf<InfeasibleTaskException>().With.Property(nameof(InfeasibleTaskException.Lost)).Contains("K.Bad"));
        Assert.That(failed.InnerException!.InnerException, Is.TypeOf<InvalidOperationException>().With.Message.EqualTo("GPU 0 is lost to this process"), "the attempt's own failure is kept");
        Assert.That(failed.InnerException.Message, Does.Contain("restart the process").And.Contain("could not be retried"));
        Assert.That(devices.Entered, Is.EqualTo(1));
    }

    [Test]
    public void Lose_WhileATaskWaitsForItsArgument_ItFailsAsInfeasibleOnceTheArgumentIsReady()
    {
        FakeDevices devices = StartWith(new FakeDevices(GiB));
        var gate = new TaskCompletionSource<int>();
        ObjectRef<int> argument = Ray.Remote(() => gate.Task.Result, "argument").Remote();
        ObjectRef<int> dependent = Ray.Remote((int x) => x, "dependent", new TaskOptions { NumGpus = 1, NumCpus = 0 }).Remote(argument);

        devices.Lose(0, Cause);
        gate.SetResult(5);

        var failed = Assert.Throws<TaskFailedException>(() => Ray.Get(dependent, Guard));
        Assert.That(failed!.InnerException, Is.TypeOf<InfeasibleTaskException>());
        Assert.That(failed.Message, Does.Contain("dependent"));
    }

    [Test]
    public void Lose_TheSameDeviceTwice_IsTakenOnce()
    {
        FakeDevices devices = StartWith(new FakeDevices(GiB, GiB));

        devices.Lose(0, Cause);
        devices.Lose(0, "another fault");

        Assert.That(Ray.ClusterResources()["GPU"], Is.EqualTo(1));
        var refused = Assert.Throws<InfeasibleTaskException>(() => Ray.Remote(() => 0, "two", new TaskOptions { NumGpus = 2 }).Remote());
        Assert.That(refused!.Lost, Does.Contain("K.Bad").And.Not.Contain("another fault"));
    }

    [Test]
    public void Lose_OneOfTheDevicesAMultiGpuTaskWithMemoryNeeds_ItIsRefusedNamingTheMemoryEachCanOffer()
    {
        FakeDevices devices = StartWith(new FakeDevices(4 * GiB, 4 * GiB, GiB));
        var pair = Ray.Remote(() => 0, "pair", new TaskOptions { NumGpus = 2, GpuMemory = 3 * GiB, NumCpus = 0 });
        Assert.That(Ray.Get(pair.Remote(), Guard), Is.Zero, "two devices have 3 GiB before the loss");

        devices.Lose(0, Cause);

        var refused = Assert.Throws<InfeasibleTaskException>(() => pair.Remote());
        Assert.That((refused!.Resource, refused.Requested, refused.Available), Is.EqualTo(("GpuMemory", 3.0 * GiB, 1.0 * GiB)));
        Assert.That(refused.Lost, Does.Contain("GPU 0 was lost"));
    }

    [Test]
    public void Lose_ADeviceATaskCouldNeverHaveUsed_TheRefusalDoesNotBlameTheLoss()
    {
        FakeDevices devices = StartWith(new FakeDevices(GiB, GiB));
        devices.Lose(0, Cause);

        var refused = Assert.Throws<InfeasibleTaskException>(() => Ray.Remote(() => 0, "three", new TaskOptions { NumGpus = 3 }).Remote());

        Assert.That(refused!.Lost, Is.Null, "three GPUs never fitted on this two-GPU node");
        Assert.That(refused.Message, Does.Contain("InfeasibleTasks to Queue"));
    }

    private static IDisposable? LoseAndFail(FakeDevices devices, int index)
    {
        // What GpuRay.Gpu does: the owner reports the loss, then the attempt fails to enter the device.
        devices.Lose(index, Cause);
        throw new InvalidOperationException($"GPU {index} is lost to this process");
    }

    private FakeDevices StartWith(FakeDevices devices, InfeasibleTaskPolicy policy = InfeasibleTaskPolicy.Fail)
    {
        Restart(new RuntimeOptions { NumCpus = 2, DeviceProvider = _ => devices, InfeasibleTasks = policy });
        return devices;
    }
}
