using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Objects;

namespace GpuRay.Core.Tests.Objects;

public sealed class ObjectRefTests : RuntimeFixture
{
    [Test]
    public async Task Await_TaskResult_ReturnsTheValue()
    {
        int value = await Ray.Remote(() => 42).Remote();

        Assert.That(value, Is.EqualTo(42));
    }

    [Test]
    public async Task Await_FailedTask_ThrowsTaskFailedWithTheOriginalInner()
    {
        ObjectRef<int> failed = Ray.Remote(Boom).Remote();

        var error = await Assert.ThrowsAsync<TaskFailedException>(async () => await failed);
        Assert.That(error!.InnerException, Is.TypeOf<InvalidOperationException>());
        Assert.That(error.InnerException!.StackTrace, Does.Contain(nameof(Boom)));
        Assert.That(error.TaskName, Does.EndWith(nameof(Boom)));
        Assert.That(error.TaskId, Is.EqualTo(failed.Id));
        Assert.That(error.Message, Does.Contain($"(id {failed.Id})").And.Contain("boom"));
    }

    [Test]
    public async Task GetAsync_Many_PreservesTheOrderOfTheRefs()
    {
        var gates = Enumerable.Range(0, 4).Select(_ => new TaskCompletionSource<int>()).ToArray();
        var wait = Ray.Remote((int i) => gates[i].Task.Result);
        ObjectRef<int>[] refs = [.. Enumerable.Range(0, 4).Select(i => wait.Remote(i))];

        Task<int[]> all = Ray.GetAsync(refs);
        for (int i = 3; i >= 0; i--)
        {
            gates[i].SetResult(i * 10);
        }

        Assert.That(await all, Is.EqualTo(new[] { 0, 10, 20, 30 }));
    }

    [Test]
    public void Get_Many_ThrowsTheFirstFailureWithoutWaitingForTheRest()
    {
        var never = new TaskCompletionSource<int>();
        ObjectRef<int> blocked = Ray.Remote(() => never.Task.Result).Remote();
        ObjectRef<int> failed = Ray.Remote(Boom).Remote();

        Assert.Throws<TaskFailedException>(() => Ray.Get([blocked, failed]));
        Assert.That(blocked.IsCompleted, Is.False);
        never.SetResult(1);
    }

    [Test]
    public void Get_Timeout_ThrowsNamingThePendingTasks()
    {
        var never = new TaskCompletionSource<int>();
        ObjectRef<int> blocked = Ray.Remote(() => never.Task.Result, name: "slow").Remote();
        ObjectRef<int> done = Ray.Put(1);

        var error = Assert.Throws<GetTimeoutException>(() => Ray.Get([done, blocked], TimeSpan.Zero));
        Assert.That(error!.PendingTasks, Has.Count.EqualTo(1));
        Assert.That(error.Message, Does.Contain($"'slow' (id {blocked.Id}"));
        never.SetResult(1);
        Assert.That(Ray.Get(blocked), Is.EqualTo(1));
    }

    [Test]
    public void Wait_ReturnsReadyAndNotReadyInInputOrder()
    {
        var never = new TaskCompletionSource<int>();
        ObjectRef<int> blocked = Ray.Remote(() => never.Task.Result).Remote();
        ObjectRef<int> a = Ray.Put(1);
        ObjectRef<int> failed = Ray.Remote(Boom).Remote();
        ObjectRef<int> b = Ray.Put(2);
        Ray.Wait([failed]);

        WaitResult<ObjectRef<int>> result = Ray.Wait([blocked, a, failed, b], numReturns: 3);

        Assert.That(result.Ready, Is.EqualTo(new[] { a, failed, b }));
        Assert.That(result.NotReady, Is.EqualTo(new[] { blocked }));
        never.SetResult(0);
    }

    [Test]
    public void Wait_MoreReadyThanAsked_ReturnsNumReturnsReady()
    {
        ObjectRef<int>[] refs = [Ray.Put(1), Ray.Put(2), Ray.Put(3)];

        WaitResult<ObjectRef<int>> result = Ray.Wait(refs, numReturns: 2);

        Assert.That(result.Ready, Is.EqualTo(refs[..2]));
        Assert.That(result.NotReady, Is.EqualTo(refs[2..]));
    }

    [Test]
    public void Wait_Timeout_ReturnsWhatIsReady()
    {
        var never = new TaskCompletionSource<int>();
        ObjectRef<int> blocked = Ray.Remote(() => never.Task.Result).Remote();
        ObjectRef<int> a = Ray.Put(1);

        WaitResult<ObjectRef<int>> result = Ray.Wait([blocked, a], numReturns: 2, timeout: TimeSpan.Zero);

        Assert.That(result.Ready, Is.EqualTo(new[] { a }));
        Assert.That(result.NotReady, Is.EqualTo(new[] { blocked }));
        never.SetResult(0);
    }

    [Test]
    public void Wait_DuplicateRef_IsRejected()
    {
        ObjectRef<int> a = Ray.Put(1);

        Assert.Throws<ArgumentException>(() => Ray.Wait([a, a]));
    }

    [TestCase(0)]
    [TestCase(3)]
    public void Wait_NumReturnsOutsideOneToCount_IsRejected(int numReturns)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Ray.Wait([Ray.Put(1), Ray.Put(2)], numReturns));
        Assert.That(error!.Message, Does.Contain("1..2"));
    }

    [Test]
    public void Unread_FailedResult_IsLoggedOnceAsUnhandled()
    {
        FailAndDrop(RestartOnSteppedNode());
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(Log.At(Microsoft.Extensions.Logging.LogLevel.Error).Count(m => m.Contains("Unhandled error", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public void Read_FailedResult_IsNotLoggedAsUnhandled()
    {
        ReadFailureAndDrop(RestartOnSteppedNode());
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(Log.At(Microsoft.Extensions.Logging.LogLevel.Error), Is.Empty);
    }

    private static int Boom() => throw new InvalidOperationException("boom");

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void FailAndDrop(SteppedNode node)
    {
        ObjectRef<int> failed = Ray.Remote(Boom).Remote();
        Assert.That(node.RunNext(), Is.True);
        Assert.That(Ray.Wait([failed], timeout: TimeSpan.Zero).Ready, Has.Count.EqualTo(1));
    }

    [Test]
    public void Unread_FailedResultWithReportUnhandledErrorsOff_IsNotLogged()
    {
        FailAndDrop(RestartOnSteppedNode(Options with { ReportUnhandledErrors = false }));
        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(Log.At(Microsoft.Extensions.Logging.LogLevel.Error).Where(m => m.Contains("Unhandled error", StringComparison.Ordinal)), Is.Empty);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private void ReadFailureAndDrop(SteppedNode node)
    {
        ObjectRef<int> failed = Ray.Remote(Boom).Remote();
        Assert.That(node.RunNext(), Is.True);
        Assert.Throws<TaskFailedException>(() => Ray.Get(failed));
    }
}
