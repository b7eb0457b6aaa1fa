using GpuRay.Core.Tests.Support;
using GpuRay.Functions;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Scheduling;

namespace GpuRay.Core.Tests.Scheduling;

public sealed class NestedTaskTests : RuntimeFixture
{
    private RemoteFunction<int, int, long> _count = null!;

    [Test]
    public void Get_RecursiveFanOutOfTenThousandTasksOnTwoCpus_Completes()
    {
        // Each task covers [lo, hi) and splits it in two children until one item is left: 2n - 1 tasks in all.
        _count = Ray.Remote<int, int, long>(CountRange, name: "count-range");

        long leaves = Ray.Get(_count.Remote(0, 5001));

        Assert.That(leaves, Is.EqualTo(5001));
        Assert.That(Ray.TaskCounts.Finished, Is.EqualTo(10_001));
    }

    [Test]
    public void Get_InsideTask_GivesBackItsCpuButKeepsItsCustomResource()
    {
        Restart(new() { NumCpus = 1, Resources = new Dictionary<string, double> { ["r"] = 1, ["s"] = 1 } });
        // The child cannot borrow the parent's CPU (it needs "s"), so it runs only if the parent's CPU is given back.
        var child = Ray.Remote(() => Ray.AvailableResources().GetValueOrDefault("r"), options: new TaskOptions { Resources = new Dictionary<string, double> { ["s"] = 1 } });
        var parent = Ray.Remote(() => Ray.Get(child.Remote()), name: "parent", options: new TaskOptions { Resources = new Dictionary<string, double> { ["r"] = 1 } });

        double customSeenByChild = Ray.Get(parent.Remote());

        Assert.That(customSeenByChild, Is.Zero, "the blocked parent kept its custom resource");
        Assert.That(Ray.AvailableResources()["CPU"], Is.EqualTo(1));
    }

    [Test]
    public void Get_InsideTaskThatCannotRunItsChildInline_RaisesPoolMinimumWhileBlockedOnly()
    {
        // One CPU: the child runs only once its parent has blocked and lent the CPU out; a timeout keeps the
        // parent from running the child inline, so the parent holds its pool thread meanwhile.
        Restart(new() { NumCpus = 1 });
        ThreadPool.GetMinThreads(out int before, out _);
        var child = Ray.Remote(
            () =>
            {
                ThreadPool.GetMinThreads(out int during, out _);
                return (During: during, Blocked: BlockedPoolThreads.Count);
            },
            name: "child");
        var parent = Ray.Remote(() => Ray.Get(child.Remote(), TimeSpan.FromMinutes(5)), name: "parent");

        // With a timeout here too, the parent runs on a pool thread rather than inline on this one.
        (int during, int blocked) = Ray.Get(parent.Remote(), TimeSpan.FromMinutes(5));

        ThreadPool.GetMinThreads(out int after, out _);
        Assert.Multiple(() =>
        {
            Assert.That(blocked, Is.EqualTo(1));
            Assert.That(during, Is.EqualTo(before + 1), "one more pool thread may start at once while the parent waits");
            Assert.That(after, Is.EqualTo(before), "the minimum is back once no task waits");
            Assert.That(BlockedPoolThreads.Count, Is.Zero);
        });
    }

    [Test]
    public void Get_InsideTaskWithOneCpuNode_DeepChainCompletes()
    {
        Restart(new() { NumCpus = 1 });
        RemoteFunction<int, int>? chain = null;
        chain = Ray.Remote((int depth) => depth == 0 ? 0 : 1 + Ray.Get(chain!.Remote(depth - 1)), name: "chain");

        Assert.That(Ray.Get(chain.Remote(200)), Is.EqualTo(200));
    }

    private long CountRange(int lo, int hi)
    {
        if (hi - lo == 1)
        {
            return 1;
        }

        int mid = (lo + hi) / 2;
        ObjectRef<long> left = _count.Remote(lo, mid);
        ObjectRef<long> right = _count.Remote(mid, hi);
        return Ray.Get([left, right]).Sum();
    }
}
