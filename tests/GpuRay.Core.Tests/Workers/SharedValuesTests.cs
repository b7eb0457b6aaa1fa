using GpuRay.Workers;

namespace GpuRay.Core.Tests.Workers;

public sealed class SharedValuesTests
{
    [TestCase(typeof(int[]), true)]
    [TestCase(typeof(double[]), true)]
    [TestCase(typeof(char[]), true)]
    [TestCase(typeof(bool[]), true)]
    [TestCase(typeof(nint[]), false)]
    [TestCase(typeof(int[,]), false)]
    [TestCase(typeof(string[]), false)]
    [TestCase(typeof(decimal[]), false)]
    [TestCase(typeof(List<int>), false)]
    public void IsBinary_Type_OnlyOneDimensionalArraysOfPrimitives(Type type, bool binary)
    {
        Assert.That(SharedValues.IsBinary(type), Is.EqualTo(binary));
    }

    [Test]
    public void Read_FileWrittenFromAnArray_GivesItBack()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gpuray-values-{Guid.NewGuid():N}");
        var random = new Random(3);
        ushort[] values = [.. Enumerable.Range(0, 1000).Select(_ => (ushort)random.Next())];
        try
        {
            SharedValues.WriteFile(path, SharedValues.BytesOf(values));

            Assert.That(SharedValues.Read(new SharedValue(path, 2000, TypeCode.UInt16)), Is.EqualTo(values));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void Read_FileOfAnotherSize_ThrowsNamingThePathAndBothSizes()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gpuray-values-{Guid.NewGuid():N}");
        try
        {
            SharedValues.WriteFile(path, new byte[12]);

            var error = Assert.Throws<InvalidDataException>(() => SharedValues.Read(new SharedValue(path, 16, TypeCode.Int32)))!;

            Assert.That(error.Message, Does.Contain(path).And.Contain("12 bytes").And.Contain("16"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
