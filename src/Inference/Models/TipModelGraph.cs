using System.Diagnostics;
using Google.Protobuf;
using Onnx;

namespace GpuRay.Inference.Models;

/// <summary>
/// Builds the tip model as ONNX: <c>Sigmoid(MatMul((x - mean) / scale, w) + b)</c> over float[N, F] input, giving
/// the tip probability as float[N, 1].
/// </summary>
internal static class TipModelGraph
{
    public const string InputName = "features";
    public const string OutputName = "tip_probability";
    private const int Opset = 13;
    private const long IrVersion = 7;

    public static byte[] Build(ReadOnlySpan<float> means, ReadOnlySpan<float> scales, ReadOnlySpan<float> weights, float bias)
    {
        int f = weights.Length;
        Debug.Assert(means.Length == f && scales.Length == f, "one mean, scale and weight per feature");

        var graph = new GraphProto { Name = "tip_model" };
        graph.Input.Add(OnnxGraphs.BatchedFloat(InputName, f));
        graph.Output.Add(OnnxGraphs.BatchedFloat(OutputName, 1));
        graph.Initializer.Add(OnnxGraphs.FloatTensor("mean", means, f));
        graph.Initializer.Add(OnnxGraphs.FloatTensor("scale", scales, f));
        graph.Initializer.Add(OnnxGraphs.FloatTensor("weights", weights, f, 1));
        graph.Initializer.Add(OnnxGraphs.FloatTensor("bias", [bias], 1));
        graph.Node.Add(OnnxGraphs.Node("Sub", [InputName, "mean"], "centered"));
        graph.Node.Add(OnnxGraphs.Node("Div", ["centered", "scale"], "standardized"));
        graph.Node.Add(OnnxGraphs.Node("MatMul", ["standardized", "weights"], "linear"));
        graph.Node.Add(OnnxGraphs.Node("Add", ["linear", "bias"], "logit"));
        graph.Node.Add(OnnxGraphs.Node("Sigmoid", ["logit"], OutputName));

        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "GpuRay.Inference",
            ProducerVersion = "0.1",
            Graph = graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = Opset });
        return model.ToByteArray();
    }
}
