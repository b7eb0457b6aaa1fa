using GpuRay.Core.Tests.Support;
using GpuRay.Objects;

namespace GpuRay.Core.Tests.Functions;

public sealed class ArgTests : RuntimeFixture
{
    [Test]
    public void Remote_RefArgument_ReceivesTheValue()
    {
        ObjectRef<int[]> data = Ray.Put(new[] { 1, 2, 3 });
        var sum = Ray.Remote((int[] xs, int bias) => xs.Sum() + bias);

        Assert.That(Ray.Get(sum.Remote(data, 10)), Is.EqualTo(16));
    }

    [Test]
    public void Remote_RefsInsideACollection_StayRefs()
    {
        ObjectRef<int>[] parts = [Ray.Put(1), Ray.Put(2)];
        var count = Ray.Remote((ObjectRef<int>[] refs) => refs.Count(r => r.IsCompleted));

        Assert.That(Ray.Get(count.Remote(parts)), Is.EqualTo(2));
    }

    [Test]
    public void Remote_TaskReturnsARef_TheRefStaysARef()
    {
        var inner = Ray.Remote(() => 5);
        var outer = Ray.Remote(() => inner.Remote());

        ObjectRef<int> nested = Ray.Get(outer.Remote());
        Assert.That(Ray.Get(nested), Is.EqualTo(5));
    }
}
