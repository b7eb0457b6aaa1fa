using System.Security.Cryptography;
using GpuRay.Workloads.Images;

namespace GpuRay.Workloads.Tests.Images;

public sealed class ImageDatasetGeneratorTests
{
    private static readonly ImageDatasetOptions Small = new() { Count = 4, Seed = 7, BaseWidth = 96, BaseHeight = 64 };

    private string _root = null!;
    private ImageDataset _first = null!;
    private ImageDataset _second = null!;

    [OneTimeSetUp]
    public void GenerateTwice()
    {
        _root = Path.Combine(Path.GetTempPath(), "gpuray-dataset-" + Guid.NewGuid().ToString("N"));
        _first = ImageDatasetGenerator.Generate(Path.Combine(_root, "a"), Small);
        _second = ImageDatasetGenerator.Generate(Path.Combine(_root, "b"), Small);
    }

    [OneTimeTearDown]
    public void Delete() => Directory.Delete(_root, recursive: true);

    [Test]
    public void Generate_SameSeed_WritesIdenticalBytes()
    {
        Assert.That(_second.Files.Select(Hash), Is.EqualTo(_first.Files.Select(Hash)));
    }

    [Test]
    public void Generate_DifferentSeed_WritesDifferentBytes()
    {
        ImageDataset other = ImageDatasetGenerator.Generate(Path.Combine(_root, "c"), Small with { Seed = 8 });

        Assert.That(Hash(other.Files[0]), Is.Not.EqualTo(Hash(_first.Files[0])));
    }

    [Test]
    public void Generate_Default_HalfPngHalfJpegWithVariedSizes()
    {
        Assert.Multiple(() =>
        {
            Assert.That(_first.Files.Select(Path.GetExtension), Is.EqualTo(new[] { ".png", ".jpg", ".png", ".jpg" }));
            Assert.That(_first.Files.Select(f => ImageIo.Load(f)).Select(i => (i.Width, i.Height)).Distinct().Count(), Is.EqualTo(4));
            Assert.That(_first.Reused, Is.False);
        });
    }

    [Test]
    public void Generate_SameParametersAgain_ReusesTheFolder()
    {
        string folder = Path.Combine(_root, "d");
        ImageDataset made = ImageDatasetGenerator.Generate(folder, Small);
        string[] hashes = made.Files.Select(Hash).ToArray();

        ImageDataset again = ImageDatasetGenerator.Generate(folder, Small);

        Assert.Multiple(() =>
        {
            Assert.That(again.Reused, Is.True);
            Assert.That(again.Files.Select(Hash), Is.EqualTo(hashes));
        });
    }

    [Test]
    public void Generate_OtherParametersOrDamagedFile_Regenerates()
    {
        string folder = Path.Combine(_root, "e");
        ImageDataset made = ImageDatasetGenerator.Generate(folder, Small);
        File.AppendAllText(made.Files[1], "x");

        ImageDataset repaired = ImageDatasetGenerator.Generate(folder, Small);
        string repairedHash = Hash(repaired.Files[1]);
        ImageDataset other = ImageDatasetGenerator.Generate(folder, Small with { JpegQuality = 80 });

        Assert.Multiple(() =>
        {
            Assert.That(repaired.Reused, Is.False);
            Assert.That(repairedHash, Is.EqualTo(Hash(_first.Files[1])));
            Assert.That(other.Reused, Is.False);
        });
    }

    private static string Hash(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
}
