using Microsoft.ML.OnnxRuntime;

namespace GpuRay.Inference.Execution;

/// <summary>
/// Checks a session's single input and first output against the tensor shape a task feeds and reads, and keeps
/// their names and the largest batch the model accepts.
/// </summary>
internal sealed class ModelSignature
{
    private ModelSignature(string inputName, string outputName, int maxBatch)
    {
        InputName = inputName;
        OutputName = outputName;
        MaxBatch = maxBatch;
    }

    public string InputName { get; }

    public string OutputName { get; }

    /// <summary>The model's fixed batch size, or <see cref="int.MaxValue"/> when the batch dimension is dynamic.</summary>
    public int MaxBatch { get; }

    /// <summary>Checks for input float[N, inner...] and output float[N, outputInner...] (dynamic or fixed N).</summary>
    /// <exception cref="ModelFormatException">The model's tensors do not match.</exception>
    public static ModelSignature Check(InferenceSession session, string model, long[] inputInner, long[] outputInner)
    {
        if (session.InputMetadata.Count != 1)
        {
            throw new ModelFormatException(
                model, null, $"exactly one input tensor, float{Shape(inputInner)}", $"{session.InputMetadata.Count} inputs ({string.Join(", ", session.InputMetadata.Keys)})");
        }

        (string inputName, NodeMetadata input) = session.InputMetadata.First();
        CheckTensor(model, inputName, input, inputInner, "input");
        (string outputName, NodeMetadata output) = session.OutputMetadata.First();
        CheckTensor(model, outputName, output, outputInner, "output");

        int batch = input.Dimensions[0];
        return new ModelSignature(inputName, outputName, batch > 0 ? batch : int.MaxValue);
    }

    private static void CheckTensor(string model, string name, NodeMetadata meta, long[] inner, string role)
    {
        string expected = $"{role} float{Shape(inner)}";
        if (!meta.IsTensor || meta.ElementDataType != Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float)
        {
            throw new ModelFormatException(model, name, expected, $"{(meta.IsTensor ? meta.ElementDataType.ToString() : meta.OnnxValueType.ToString())} values");
        }

        int[] dims = meta.Dimensions;
        bool ok = dims.Length == inner.Length + 1;
        for (int i = 0; ok && i < inner.Length; i++)
        {
            ok = dims[i + 1] == inner[i] || dims[i + 1] < 0;
        }

        if (!ok)
        {
            throw new ModelFormatException(model, name, expected, $"shape [{string.Join(", ", dims.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture)))}]");
        }
    }

    private static string Shape(long[] inner) => $"[N, {string.Join(", ", inner)}]";
}
