using GpuRay.Inference.Models;

namespace GpuRay.Inference.Tests.Models;

public sealed class ImagePreprocessorTests
{
    private const int Size = ResNet18Featurizer.ImageSize;
    private const int Plane = Size * Size;

    [Test]
    public void Preprocess_RgbaAtTargetSize_CopiesPixelsIntoBgrPlanes()
    {
        byte[] rgba = TestImages.Rgba(Size, Size, seed: 3);
        var chw = new float[3 * Plane];

        ResNet18Featurizer.Preprocess(rgba, Size, Size, chw);

        foreach (int p in new[] { 0, 1, 223, 224, 5_000, Plane - 1 })
        {
            Assert.That(chw[p], Is.EqualTo((float)rgba[(p * 4) + 2]), "blue");
            Assert.That(chw[Plane + p], Is.EqualTo((float)rgba[(p * 4) + 1]), "green");
            Assert.That(chw[(2 * Plane) + p], Is.EqualTo((float)rgba[p * 4]), "red");
        }
    }

    [Test]
    public void Preprocess_UniformRgbImageDownscaled_StaysUniform()
    {
        const int Width = 1_000;
        const int Height = 700;
        byte[] rgb = new byte[Width * Height * 3];
        for (int i = 0; i < rgb.Length; i += 3)
        {
            rgb[i] = 200;
            rgb[i + 1] = 100;
            rgb[i + 2] = 50;
        }

        var chw = new float[3 * Plane];
        ResNet18Featurizer.Preprocess(rgb, Width, Height, chw);

        Assert.Multiple(() =>
        {
            Assert.That(chw.AsSpan(0, Plane).ToArray(), Is.All.EqualTo(50f).Within(1e-3f));
            Assert.That(chw.AsSpan(Plane, Plane).ToArray(), Is.All.EqualTo(100f).Within(1e-3f));
            Assert.That(chw.AsSpan(2 * Plane, Plane).ToArray(), Is.All.EqualTo(200f).Within(1e-3f));
        });
    }

    [Test]
    public void Preprocess_WrongByteCount_ThrowsArgument()
    {
        var error = Assert.Throws<ArgumentException>(() => ResNet18Featurizer.Preprocess(new byte[10], 2, 2, new float[3 * Plane]));

        Assert.That(error!.Message, Does.Contain("Expected 16 (RGBA) or 12 (RGB) bytes for 2x2 pixels; got 10."));
    }
}
