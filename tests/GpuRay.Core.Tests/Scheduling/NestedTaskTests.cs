using GpuRay.Core.Tests.Support;
using GpuRay.Functions;
using GpuRay.Objects;
using GpuRay.Options;

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
        var child = Ray.Remote(() => Ray.AvailableResources()["r"], options: new TaskOptions { Resources = new Dictionary<string, double> { ["s"] = 1 } });
        var parent = Ray.Remote(() => Ray.Get(child.Remote()), name: "parent", options: new TaskOptions { Resources = new Dictionary<string, double> { ["r"] = 1 } });

        double customSeenByChild = Ray.Get(parent.Remote());

        Assert.That(customSeenByChild, Is.Zero, "the blocked parent kept its custom resource");
        Assert.That(Ray.AvailableResources()["CPU"], Is.EqualTo(1));
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
