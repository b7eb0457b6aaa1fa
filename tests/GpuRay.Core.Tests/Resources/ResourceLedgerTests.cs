using GpuRay.Options;
using GpuRay.Resources;

namespace GpuRay.Core.Tests.Resources;

public sealed class ResourceLedgerTests
{
    [Test]
    public void AcquireRelease_AMillionFractionalCycles_LeavesExactlyTheTotals()
    {
        var ledger = new ResourceLedger(2, new Dictionary<string, double> { ["ssd"] = 1 }, [new DeviceSlot(0, "d", "Fake", 1000, false)]);
        ResourceDemand tenth = ledger.CreateDemand(new TaskOptions { NumCpus = 0.1, NumGpus = 0.1, Resources = new Dictionary<string, double> { ["ssd"] = 0.3 } });
        ResourceDemand seventh = ledger.CreateDemand(new TaskOptions { NumCpus = 1.0 / 7, NumGpus = 0.0003 });
        var held = new Queue<ResourceAllocation>();

        for (int i = 0; i < 1_000_000; i++)
        {
            Assert.That(ledger.TryAcquire(i % 2 == 0 ? tenth : seventh, out ResourceAllocation allocation), Is.True);
            held.Enqueue(allocation);
            if (held.Count == 3)
            {
                ledger.Release(held.Dequeue());
            }
        }

        while (held.Count > 0)
        {
            ledger.Release(held.Dequeue());
        }

        Assert.That(ledger.Available(), Is.EqualTo(ledger.Totals()));
        Assert.That(ledger.Available()["CPU"], Is.EqualTo(2.0));
    }

    [Test]
    public void TryAcquire_OneResourceShort_TakesNothing()
    {
        var ledger = new ResourceLedger(4, new Dictionary<string, double> { ["ssd"] = 1 }, []);
        ResourceDemand demand = ledger.CreateDemand(new TaskOptions { NumCpus = 1, Resources = new Dictionary<string, double> { ["ssd"] = 2 } });

        Assert.That(ledger.TryAcquire(demand, out _), Is.False);
        Assert.That(ledger.Available(), Is.EqualTo(ledger.Totals()));
    }

    [Test]
    public void TryAcquire_TwoWholeGpus_TakesTwoFreeDevices()
    {
        DeviceSlot[] devices = [new(0, "a", "Fake", 100, false), new(1, "b", "Fake", 100, false), new(2, "c", "Fake", 100, false)];
        var ledger = new ResourceLedger(8, new Dictionary<string, double>(), devices);
        Assert.That(ledger.TryAcquire(ledger.CreateDemand(new TaskOptions { NumGpus = 0.5 }), out _), Is.True);

        Assert.That(ledger.TryAcquire(ledger.CreateDemand(new TaskOptions { NumGpus = 2 }), out ResourceAllocation two), Is.True);
        Assert.That(two.DeviceIds, Is.EqualTo(new[] { 1, 2 }));
        Assert.That(ledger.TryAcquire(ledger.CreateDemand(new TaskOptions { NumGpus = 1 }), out _), Is.False);
    }

    [Test]
    public void ReleaseCpu_WhileBlocked_CanOvercommitUntilReleased()
    {
        var ledger = new ResourceLedger(1, new Dictionary<string, double>(), []);
        ResourceDemand one = ledger.CreateDemand(TaskOptions.Default);
        Assert.That(ledger.TryAcquire(one, out ResourceAllocation parent), Is.True);

        ledger.ReleaseCpu(one.Cpu);
        Assert.That(ledger.TryAcquire(one, out ResourceAllocation child), Is.True);
        ledger.ReacquireCpu(one.Cpu);

        Assert.That(ledger.Available()["CPU"], Is.EqualTo(-1));
        Assert.That(ledger.TryAcquire(one, out _), Is.False);
        ledger.Release(child);
        ledger.Release(parent);
        Assert.That(ledger.Available()["CPU"], Is.EqualTo(1));
    }

    [Test]
    public void FindInfeasible_TwoGpusWithMoreMemoryThanTheSecondLargestHas_NamesThatMemory()
    {
        // Only one device has 3 GiB, so a task that needs it on each of two devices can never be placed.
        var ledger = new ResourceLedger(2, new Dictionary<string, double>(), [new DeviceSlot(0, "a", "Fake", 4L << 30, false), new DeviceSlot(1, "b", "Fake", 1L << 30, false)]);
        var options = new TaskOptions { NumGpus = 2, GpuMemory = 3L << 30 };

        var problem = ledger.FindInfeasible(ledger.CreateDemand(options), options);

        Assert.That(problem, Is.EqualTo(((string, double, double, string?)?)("GpuMemory", 3.0 * (1L << 30), 1.0 * (1L << 30), null)));
    }

    [Test]
    public void TryTakeMemory_ReservationsAndOtherTasksAllocations_LeaveOnlyTheRest()
    {
        var ledger = new ResourceLedger(2, new Dictionary<string, double>(), [new DeviceSlot(0, "d", "Fake", 1000, false)]);
        ResourceDemand reserving = ledger.CreateDemand(new TaskOptions { NumGpus = 0.5, GpuMemory = 600 });
        Assert.That(ledger.TryAcquire(reserving, out ResourceAllocation reservation), Is.True);

        Assert.That(ledger.TryTakeMemory(0, 300, out _), Is.True, "an unreserved task's allocation");
        Assert.That(ledger.TryTakeMemory(0, 101, out long free), Is.False);
        Assert.That(free, Is.EqualTo(100));
        ledger.Release(reservation);
        Assert.That(ledger.TryAcquire(ledger.CreateDemand(new TaskOptions { NumGpus = 0.5, GpuMemory = 800 }), out _), Is.False, "300 bytes are held by allocations");

        ledger.ReturnMemory(0, 300);
        Assert.That(ledger.DeviceAvailability()[0].MemoryFree, Is.EqualTo(1000));
    }
}
