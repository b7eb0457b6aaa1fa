using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Objects;

namespace GpuRay.Core.Tests.Errors;

public sealed class TaskFailedExceptionTests : RuntimeFixture
{
    [Test]
    public void Get_TaskWhoseSecondArgumentFailed_NamesThePositionAndTheUpstreamTaskAndKeepsTheCause()
    {
        var fails = Ray.Remote(Boom, name: "upstream");
        var add = Ray.Remote((int a, int b) => a + b, name: "downstream");
        ObjectRef<int> failed = fails.Remote();
        ObjectRef<int> dependent = add.Remote(Ray.Put(1), failed);

        var error = Assert.Throws<TaskFailedException>(() => Ray.Get(dependent))!;

        Assert.That(error.TaskName, Is.EqualTo("downstream"));
        Assert.That(error.TaskId, Is.EqualTo(dependent.Id));
        Assert.That(error.ArgumentPosition, Is.EqualTo(2));
        Assert.That(error.UpstreamTaskName, Is.EqualTo("upstream"));
        Assert.That(error.UpstreamTaskId, Is.EqualTo(failed.Id));
        Assert.That(error.Message, Does.Contain($"its argument 2 is the result of task 'upstream' (id {failed.Id}), which failed"));
        Assert.That(error.InnerException, Is.TypeOf<TaskFailedException>().With.Property(nameof(TaskFailedException.TaskId)).EqualTo(failed.Id));
        Assert.That(error.GetBaseException(), Is.TypeOf<InvalidOperationException>().With.Message.EqualTo("boom"));
    }

    [Test]
    public void Get_ChainOfDependents_EachLinkNamesItsUpstreamAndHoldsTheRootFailure()
    {
        var fails = Ray.Remote(Boom, name: "first");
        var next = Ray.Remote((int a) => a, name: "next");
        ObjectRef<int> first = fails.Remote();
        ObjectRef<int> second = next.Remote(first);
        ObjectRef<int> third = next.Remote(second);

        var error = Assert.Throws<TaskFailedException>(() => Ray.Get(third))!;

        Assert.That(error.UpstreamTaskId, Is.EqualTo(second.Id));
        Assert.That(error.InnerException, Is.TypeOf<TaskFailedException>().With.Property(nameof(TaskFailedException.TaskId)).EqualTo(first.Id));
        Assert.That(error.InnerException!.InnerException, Is.TypeOf<InvalidOperationException>(), "one level deep, whatever the chain's length");
    }

    [Test]
    public void Get_TaskThatThrewItself_HasNoArgumentPosition()
    {
        var error = Assert.Throws<TaskFailedException>(() => Ray.Get(Ray.Remote(Boom).Remote()))!;

        Assert.That(error.ArgumentPosition, Is.Null);
        Assert.That(error.UpstreamTaskName, Is.Null);
    }

    private static int Boom() => throw new InvalidOperationException("boom");
}
