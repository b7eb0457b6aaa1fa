using System.Text;
using GpuRay.Inference.Models;

namespace GpuRay.Inference.Tests.Models;

public sealed class OnnxModelTests
{
    [Test]
    public void FromBytes_TextBytes_ThrowsModelFormatNamingModel()
    {
        byte[] text = Encoding.UTF8.GetBytes("this is not an ONNX model, just some text\n");

        var error = Assert.Throws<ModelFormatException>(() => OnnxModel.FromBytes(text, "notes.onnx"));

        Assert.Multiple(() =>
        {
            Assert.That(error!.FilePath, Is.EqualTo("notes.onnx"));
            Assert.That(error.Message, Does.StartWith("'notes.onnx': expected an ONNX model"));
        });
    }

    [Test]
    public void Load_ParquetFile_ThrowsModelFormatNamingFile()
    {
        string path = TestData.DataSet.ShardPaths[0];

        var error = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("expected an ONNX model"));
    }

    [Test]
    public void Load_MissingFile_ThrowsModelFormatNamingFile()
    {
        string path = Path.Combine(TestData.Root, "absent.onnx");

        var error = Assert.Throws<ModelFormatException>(() => OnnxModel.Load(path));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("no such file"));
    }

    [Test]
    public void FromBytes_EqualBytes_HaveEqualContentHash()
    {
        OnnxModel a = TipModel.Default.ToOnnxModel("a");
        OnnxModel b = TipModel.Default.ToOnnxModel("b");

        Assert.Multiple(() =>
        {
            Assert.That(a.ContentHash, Is.EqualTo(b.ContentHash));
            Assert.That(a.ContentHash, Has.Length.EqualTo(64));
        });
    }
}
