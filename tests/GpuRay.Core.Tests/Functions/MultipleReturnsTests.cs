using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Functions;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Scheduling;

namespace GpuRay.Core.Tests.Functions;

public sealed class MultipleReturnsTests : RuntimeFixture
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    [Test]
    public async Task RemoteMany_TupleResult_EachRefResolvesAwaitsAndPassesOnItsOwn()
    {
        var split = Ray.Remote((int x) => (x, x.ToString(System.Globalization.CultureInfo.InvariantCulture), x * 2.5), "split-three");
        var increment = Ray.Remote((double d) => d + 1, "increment");

        (ObjectRef<int> number, ObjectRef<string> text, ObjectRef<double> scaled) = split.RemoteMany(4);

        Assert.Multiple(async () =>
        {
            Assert.That(Ray.Get(number, Guard), Is.EqualTo(4));
            Assert.That(await text, Is.EqualTo("4"));
            Assert.That(Ray.Get(increment.Remote(scaled), Guard), Is.EqualTo(11.0));
            Assert.That(new[] { number.Id, text.Id, scaled.Id }, Is.Unique);
        });
    }

    [Test]
    public void RemoteMany_RefNotReadyYet_GetRunsTheTaskInlineThroughIt()
    {
        RestartOnSteppedNode();
        var pair = Ray.Remote(() => (6, "six"), "pair");
        (ObjectRef<int> number, ObjectRef<string> name) = pair.RemoteMany();
        Assert.That(number.IsCompleted, Is.False, "the stepped node runs nothing by itself");

        // Only an inline run can finish the task here; the guard turns a missing one into a failure, not a hang.
        Task<string> got = Task.Run(() => Ray.Get(name));

        Assert.That(got.Wait(Guard), Is.True, "phase: Get on an item's ref runs its task inline");
        Assert.That(got.Result, Is.EqualTo("six"));
        Assert.That(number.State, Is.EqualTo(ObjectState.Ready));
    }

    [Test]
    public void RemoteMany_ArrayResult_GivesNumReturnsRefsInOrder()
    {
        var range = Ray.Remote((int n) => Enumerable.Range(10, n).ToArray(), "range", new TaskOptions { NumReturns = 3 });

        ObjectRef<int>[] items = range.RemoteMany(3);

        Assert.That(items, Has.Length.EqualTo(3));
        Assert.That(Ray.Get(items, Guard), Is.EqualTo(new[] { 10, 11, 12 }));
    }

    [Test]
    public async Task RemoteMany_TaskFails_EveryRefFailsWithTheTasksError()
    {
        var fails = Ray.Remote<int, (int, int)>(x => throw new InvalidOperationException($"no pair for {x}"), "fails-to-split");

        (ObjectRef<int> first, ObjectRef<int> second) = fails.RemoteMany(5);

        var one = Assert.Throws<TaskFailedException>(() => Ray.Get(first, Guard));
        var two = await Assert.ThrowsAsync<TaskFailedException>(async () => await second);
        Assert.Multiple(() =>
        {
            Assert.That(one!.InnerException, Is.TypeOf<InvalidOperationException>().With.Message.EqualTo("no pair for 5"));
            Assert.That(two, Is.SameAs(one), "one task, one error");
        });
    }

    [Test]
    public void Cancel_OneOfTheRefs_CancelsTheTaskAndEveryRefFails()
    {
        var started = new TaskCompletionSource();
        var waits = Ray.Remote(
            () =>
            {
                started.SetResult();
                TaskContext.Current!.CancellationToken.WaitHandle.WaitOne(Guard);
                return (1, 2);
            },
            "waits-for-cancel");
        (ObjectRef<int> first, ObjectRef<int> second) = waits.RemoteMany();
        Assert.That(started.Task.Wait(Guard), Is.True, "phase: the task starts");

        Ray.Cancel(second);

        Assert.Throws<TaskCancelledException>(() => Ray.Get(first, Guard));
        Assert.Throws<TaskCancelledException>(() => Ray.Get(second, Guard));
    }

    [Test]
    public void RemoteMany_ArrayOfAnotherLength_FailsTheTaskNamingBothCounts()
    {
        var tooShort = Ray.Remote(() => new[] { 1, 2 }, "two-not-three", new TaskOptions { NumReturns = 3 });

        ObjectRef<int>[] items = tooShort.RemoteMany();

        var error = Assert.Throws<TaskFailedException>(() => Ray.Get(items[2], Guard));
        Assert.That(error!.InnerException!.Message, Does.Contain("'two-not-three' returned 2 values").And.Contain("NumReturns is 3"));
        Assert.That(Ray.TaskCounts.Failed, Is.EqualTo(1), "the task itself failed, not only its refs");
    }

    [Test]
    public void Remote_TupleWithAnotherNumReturns_IsRefusedNamingBothCounts()
    {
        var tuple = Assert.Throws<ArgumentException>(() => Ray.Remote((int x) => (x, x), "pair-as-three", new TaskOptions { NumReturns = 3 }));
        var single = Assert.Throws<ArgumentException>(() => Ray.Remote((int x) => x, "one-as-two").WithOptions(o => o with { NumReturns = 2 }));

        Assert.Multiple(() =>
        {
            Assert.That(tuple!.Message, Does.Contain("'pair-as-three' returns a tuple of 2 values, but NumReturns is 3"));
            Assert.That(single!.Message, Does.Contain("returns Int32, one value, but NumReturns is 2"));
        });
    }

    [Test]
    public void RemoteMany_ArrayWithoutNumReturns_ThrowsSayingToSetIt()
    {
        var range = Ray.Remote(() => new[] { 1, 2 }, "unsized");

        var error = Assert.Throws<InvalidOperationException>(() => range.RemoteMany());

        Assert.That(error!.Message, Does.Contain("needs NumReturns"));
    }

    [Test]
    public void FromKeywords_NumReturns_SetsItAndOverridesAFunctionsOptions()
    {
        var range = Ray.Remote(() => new[] { 7, 8, 9, 10 }, "four");

        TaskOptions fromRay = TaskOptions.FromKeywords(new Dictionary<string, object?> { ["num_returns"] = 4 }, range.Options);
        ObjectRef<int>[] byKeyword = range.WithOptions(fromRay).RemoteMany();
        ObjectRef<int>[] byProperty = range.WithOptions(TaskOptions.FromKeywords(new Dictionary<string, object?> { ["NumReturns"] = 4 })).RemoteMany();

        Assert.That(fromRay.NumReturns, Is.EqualTo(4));
        Assert.That(Ray.Get(byKeyword, Guard), Is.EqualTo(new[] { 7, 8, 9, 10 }));
        Assert.That(Ray.Get(byProperty, Guard), Is.EqualTo(new[] { 7, 8, 9, 10 }));
        Assert.That(range.Options.NumReturns, Is.EqualTo(1), "the function itself is unchanged");
    }

    [TestCase(0, "Invalid value for option NumReturns: 0 (below 1)")]
    [TestCase("streaming", "Invalid value for option NumReturns: 'streaming'")]
    public void FromKeywords_BadNumReturns_QuotesTheValueAndWhatIsValid(object value, string quoted)
    {
        var error = Assert.Throws<ArgumentException>(() => TaskOptions.FromKeywords(new Dictionary<string, object?> { ["num_returns"] = value }));

        Assert.That(error!.Message, Does.Contain(quoted).And.Contain("Valid values are an integer >= 1").And.Contain("RemoteStream"));
    }
}
