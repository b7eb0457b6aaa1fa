using System.Runtime.CompilerServices;

using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Runtime;

namespace GpuRay.Core.Tests.Objects;

public sealed class ObjectStoreTests : RuntimeFixture
{
    private const long Limit = 1_000_000;

    protected override RuntimeOptions Options => new() { NumCpus = 2, ObjectStoreMemory = Limit, InlineObjectBytes = 1024 };

    [Test]
    public void Put_Array_CountsItsExactSize()
    {
        ObjectRef<double[]> data = Ray.Put(new double[1000]);
        ObjectRef<byte[]> bytes = Ray.Put(new byte[333]);

        Assert.That(Ray.ObjectStore.UsedBytes, Is.EqualTo(8000 + 333));
        Assert.That(Ray.ObjectStore.ObjectCount, Is.EqualTo(2));
        GC.KeepAlive(data);
        GC.KeepAlive(bytes);
    }

    [Test]
    public void Put_IsZeroCopy_TasksSeeTheSameInstance()
    {
        var value = new int[10];
        ObjectRef<int[]> data = Ray.Put(value);

        Assert.That(Ray.Get(Ray.Remote((int[] x) => ReferenceEquals(x, value)).Remote(data)), Is.True);
    }

    [Test]
    public void Put_OverTheLimit_ThrowsWithSizeUsedAndLimit()
    {
        ObjectRef<byte[]> held = Ray.Put(new byte[600_000]);

        var error = Assert.Throws<ObjectStoreFullException>(() => Ray.Put(new byte[500_000]));
        Assert.That(error!.Message, Does.Contain("500,000").And.Contain("600,000").And.Contain("1,000,000"));
        Assert.That(error.UsedBytes, Is.EqualTo(600_000));
        GC.KeepAlive(held);
    }

    [Test]
    public void Put_NoRefLeft_ObjectIsFreed()
    {
        PutAndDrop();
        Assert.That(Ray.ObjectStore.UsedBytes, Is.EqualTo(900_000), "while no collection has run");

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(Ray.ObjectStore.UsedBytes, Is.Zero);
        Assert.That(Ray.ObjectStore.ObjectCount, Is.Zero);
    }

    [Test]
    public void Put_OverTheLimitWithUnreachableObjects_FreesThemAndFits()
    {
        PutAndDrop();

        ObjectRef<byte[]> second = Ray.Put(new byte[900_000]);

        Assert.That(Ray.ObjectStore.UsedBytes, Is.EqualTo(900_000));
        GC.KeepAlive(second);
    }

    [Test]
    public void Remote_LargeResult_IsCountedUntilItsRefIsCollected()
    {
        RunAndDropLargeResult(out long usedWhileHeld);
        Assert.That(usedWhileHeld, Is.EqualTo(40_000));

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.That(Ray.ObjectStore.UsedBytes, Is.Zero);
    }

    [Test]
    public void Remote_SmallResult_TravelsInlineAndIsNotCounted()
    {
        Assert.That(Ray.Get(Ray.Remote(() => new int[10]).Remote()), Has.Length.EqualTo(10));
        Assert.That(Ray.ObjectStore.UsedBytes, Is.Zero);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void PutAndDrop() => Ray.Put(new byte[900_000]);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RunAndDropLargeResult(out long usedWhileHeld)
    {
        ObjectRef<int[]> result = Ray.Remote(() => new int[10_000]).Remote();
        Ray.Get(result);
        usedWhileHeld = Ray.ObjectStore.UsedBytes;
    }
}
