using GpuRay.Core.Tests.Support;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Runtime;

namespace GpuRay.Core.Tests.Runtime;

public sealed class GpuRayRuntimeIntrospectionTests : RuntimeFixture
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    protected override RuntimeOptions Options => new() { NumCpus = 2, Resources = new Dictionary<string, double> { ["disk"] = 1 } };

    [Test]
    public void AvailableResources_ResourceFullyInUse_IsLeftOutAndComesBackWhenFree()
    {
        var started = new TaskCompletionSource();
        var gate = new TaskCompletionSource<int>();
        var holder = Ray.Remote(
            () =>
            {
                started.SetResult();
                return gate.Task.Result;
            },
            name: "holds-the-disk",
            options: new TaskOptions { Resources = new Dictionary<string, double> { ["disk"] = 1 } });
        ObjectRef<int> held = holder.Remote();
        try
        {
            Assert.That(started.Task.Wait(Guard), Is.True, "the holder did not start");

            IReadOnlyDictionary<string, double> available = Ray.AvailableResources();
            Assert.That(available, Does.Not.ContainKey("disk"), "Ray leaves a resource with nothing free out");
            Assert.That(available["CPU"], Is.EqualTo(1));
            Assert.That(Ray.ClusterResources()["disk"], Is.EqualTo(1), "the totals still name it");
        }
        finally
        {
            gate.SetResult(1);
        }

        Assert.That(Ray.Get(held, Guard), Is.EqualTo(1));
        Assert.That(Ray.AvailableResources()["disk"], Is.EqualTo(1));
    }
}
