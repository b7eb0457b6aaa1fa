using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Objects;

namespace GpuRay.Core.Tests.Objects;

public sealed class AsCompletedTests : RuntimeFixture
{
    [Test]
    public void AsCompleted_YieldsInCompletionOrderIncludingFailures()
    {
        var gates = Enumerable.Range(0, 3).Select(_ => new TaskCompletionSource<int>()).ToArray();
        var wait = Ray.Remote((int i) => gates[i].Task.Result == 0 ? throw new InvalidOperationException("zero") : i, options: new GpuRay.Options.TaskOptions { NumCpus = 0 });
        ObjectRef<int>[] refs = [.. Enumerable.Range(0, 3).Select(i => wait.Remote(i))];
        var seen = new List<long>();

        using IEnumerator<ObjectRef<int>> completed = Ray.AsCompleted(refs).GetEnumerator();
        gates[2].SetResult(1);
        Assert.That(completed.MoveNext(), Is.True);
        seen.Add(completed.Current.Id);
        gates[0].SetResult(0);
        Assert.That(completed.MoveNext(), Is.True);
        seen.Add(completed.Current.Id);
        Assert.Throws<TaskFailedException>(() => Ray.Get(completed.Current));
        gates[1].SetResult(1);
        Assert.That(completed.MoveNext(), Is.True);
        seen.Add(completed.Current.Id);

        Assert.That(seen, Is.EqualTo(new[] { refs[2].Id, refs[0].Id, refs[1].Id }));
        Assert.That(completed.MoveNext(), Is.False);
    }
}
