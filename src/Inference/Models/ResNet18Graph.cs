using Google.Protobuf;
using Onnx;

namespace GpuRay.Inference.Models;

/// <summary>
/// Composes the featurizer graph from the two ONNX files in <c>Microsoft.ML.DnnImageFeaturizer.ResNet18</c>: the
/// preprocessing model's mean image is subtracted by a Sub node in front of ResNet18, and the batch dimension,
/// fixed to 1 in the shipped file, is made dynamic.
/// </summary>
/// <remarks>The shipped preprocessing model also reorders RGB to BGR; <see cref="ImagePreprocessor"/> writes BGR
/// planes directly, so that step is not needed here.</remarks>
internal static class ResNet18Graph
{
    public const string InputName = "image_bgr";
    private const string MeanImageName = "MeanImage";

    public static byte[] Compose(byte[] resnet18, byte[] preprocess, string resnetName, string preprocessName)
    {
        ModelProto prep = Parse(preprocess, preprocessName);
        TensorProto mean = prep.Graph.Initializer.FirstOrDefault(t => t.Name == MeanImageName)
            ?? throw new ModelFormatException(preprocessName, MeanImageName, "a float[1, 3, 224, 224] mean image initializer", "no such initializer");

        ModelProto model = Parse(resnet18, resnetName);
        GraphProto graph = model.Graph;
        if (graph.Input.Count != 1)
        {
            throw new ModelFormatException(resnetName, null, "one graph input", $"{graph.Input.Count} inputs");
        }

        string original = graph.Input[0].Name;
        graph.Input.Clear();
        graph.Input.Add(OnnxGraphs.BatchedFloat(InputName, 3, ResNet18Featurizer.ImageSize, ResNet18Featurizer.ImageSize));
        graph.Initializer.Add(mean);
        graph.Node.Insert(0, OnnxGraphs.Node("Sub", [InputName, MeanImageName], original));
        foreach (ValueInfoProto output in graph.Output)
        {
            output.Type.TensorType.Shape.Dim[0].DimParam = OnnxGraphs.BatchDimension;
        }

        // The recorded intermediate shapes all say batch 1; ONNX Runtime infers them again.
        graph.ValueInfo.Clear();
        return model.ToByteArray();
    }

    private static ModelProto Parse(byte[] bytes, string name)
    {
        try
        {
            return ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new ModelFormatException(name, null, "an ONNX model", $"bytes that do not parse ({e.Message})", e);
        }
    }
}
