using System.Security.Cryptography;
using Google.Protobuf;
using GpuRay.Objects;
using Onnx;

namespace GpuRay.Inference.Models;

/// <summary>
/// An ONNX model's bytes with a name and a content hash: the immutable value that is put in the object store once
/// and passed to every task by reference.
/// </summary>
/// <remarks>
/// The bytes are checked to be an ONNX model (a protobuf <c>ModelProto</c> with a graph that has inputs, outputs
/// and nodes) when the model is created. Sessions are cached per content hash, so two instances with equal bytes
/// share one session per device.
/// </remarks>
public sealed class OnnxModel : IObjectSize
{
    private readonly byte[] _bytes;

    private OnnxModel(byte[] bytes, string name)
    {
        _bytes = bytes;
        Name = name;
        ContentHash = Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    /// <summary>The model's file path, or the name it was given.</summary>
    public string Name { get; }

    /// <summary>The SHA-256 of the bytes, as lower-case hex.</summary>
    public string ContentHash { get; }

    /// <summary>The model's size in bytes.</summary>
    public int Length => _bytes.Length;

    /// <summary>The model's bytes, as the object store counts them.</summary>
    public long SizeInBytes => _bytes.LongLength;

    /// <summary>The serialized model.</summary>
    public ReadOnlyMemory<byte> Bytes => _bytes;

    /// <summary>Reads and checks an ONNX file.</summary>
    /// <param name="path">The <c>.onnx</c> file.</param>
    /// <returns>The model, named after its path.</returns>
    /// <exception cref="ModelFormatException">The file is not an ONNX model.</exception>
    public static OnnxModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new ModelFormatException(path, null, "an existing ONNX file", "no such file");
        }

        return FromBytes(File.ReadAllBytes(path), path);
    }

    /// <summary>Wraps serialized ONNX bytes, which the model then owns: do not change them afterwards.</summary>
    /// <param name="bytes">The serialized <c>ModelProto</c>.</param>
    /// <param name="name">A name for errors and logs.</param>
    /// <returns>The model.</returns>
    /// <exception cref="ModelFormatException">The bytes are not an ONNX model.</exception>
    public static OnnxModel FromBytes(byte[] bytes, string name)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentException.ThrowIfNullOrEmpty(name);
        Check(bytes, name);
        return new OnnxModel(bytes, name);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Length:N0} bytes, sha256 {ContentHash[..12]})";

    internal byte[] GetBytesUnsafe() => _bytes;

    private static void Check(byte[] bytes, string name)
    {
        const string Expected = "an ONNX model (a protobuf ModelProto with a graph that has inputs, outputs and nodes)";
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException(name, null, Expected, $"{bytes.Length} bytes that do not parse ({e.Message})", e);
        }

        if (model.Graph is null || model.Graph.Input.Count == 0 || model.Graph.Output.Count == 0 || model.Graph.Node.Count == 0)
        {
            throw new ModelFormatException(name, null, Expected, $"{bytes.Length} bytes without such a graph");
        }
    }
}
