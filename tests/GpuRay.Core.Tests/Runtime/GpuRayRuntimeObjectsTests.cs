using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Objects;

namespace GpuRay.Core.Tests.Runtime;

/// <summary>The edges of Get, Wait and Put that surprise users coming from Ray or from .NET.</summary>
public sealed class GpuRayRuntimeObjectsTests : RuntimeFixture
{
    [Test]
    public void Get_Timeout_IsCatchableAsTimeoutExceptionAndIsAGpuRayError()
    {
        var never = new TaskCompletionSource<int>();
        ObjectRef<int> blocked = Ray.Remote(() => never.Task.Result, name: "never-done").Remote();
        try
        {
            TimeoutException error = Assert.Catch<TimeoutException>(() => Ray.Get(blocked, TimeSpan.Zero))!;

            Assert.That(error, Is.TypeOf<GetTimeoutException>());
            Assert.That(error, Is.InstanceOf<IGpuRayError>());
            Assert.That(error.Message, Does.Contain("'never-done'"));
        }
        finally
        {
            never.SetResult(1);
        }
    }

    [TestCase(1)]
    [TestCase(3)]
    public void Wait_NoRefs_ReturnsTwoEmptyListsWhateverNumReturns(int numReturns)
    {
        WaitResult<ObjectRef<int>> result = Ray.Wait(Array.Empty<ObjectRef<int>>(), numReturns);

        Assert.That(result.Ready, Is.Empty);
        Assert.That(result.NotReady, Is.Empty);
    }

    [Test]
    public void WaitAsync_NoRefs_CompletesAtOnceWithTwoEmptyLists()
    {
        Task<WaitResult<ObjectRef<int>>> waiting = Ray.WaitAsync(Array.Empty<ObjectRef<int>>(), numReturns: 2);

        Assert.That(waiting.IsCompletedSuccessfully, Is.True);
        Assert.That(waiting.Result.Ready, Is.Empty);
        Assert.That(waiting.Result.NotReady, Is.Empty);
    }

    [Test]
    public void Put_ARef_IsRefusedNamingTheRef()
    {
        ObjectRef<int> stored = Ray.Put(5);

        var error = Assert.Throws<ArgumentException>(() => Ray.Put(stored))!;

        Assert.That(error.ParamName, Is.EqualTo("value"));
        Assert.That(error.Message, Does.Contain("Put got a ref, ObjectRef<Int32>").And.Contain($"object {stored.Id}"));
    }

    [Test]
    public void Put_ARefBoxedAsObject_IsRefused()
    {
        object stored = Ray.Put("x");

        var error = Assert.Throws<ArgumentException>(() => Ray.Put(stored))!;

        Assert.That(error.Message, Does.Contain("ObjectRef<String>"));
    }

    [Test]
    public void Put_AnArrayOfRefs_IsRefusedNamingTypeAndCount()
    {
        ObjectRef<int>[] refs = [Ray.Put(1), Ray.Put(2), Ray.Put(3)];

        var error = Assert.Throws<ArgumentException>(() => Ray.Put(refs))!;

        Assert.That(error.Message, Does.Contain("ObjectRef<Int32>[] with 3 ref(s)"));
    }

    [Test]
    public void Put_AListOfRefs_IsRefusedNamingTheType()
    {
        List<ObjectRef<string>> refs = [Ray.Put("a")];

        var error = Assert.Throws<ArgumentException>(() => Ray.Put(refs))!;

        Assert.That(error.Message, Does.Contain("List<ObjectRef<String>> with 1 ref(s)"));
    }

    [Test]
    public void Put_AnArrayOfValues_IsStored()
    {
        ObjectRef<int[]> stored = Ray.Put(new[] { 1, 2 });

        Assert.That(Ray.Get(stored), Is.EqualTo(new[] { 1, 2 }));
    }
}
