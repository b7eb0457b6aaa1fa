using Google.Protobuf;
using Onnx;

namespace GpuRay.Inference.Models;

/// <summary>Small helpers for building ONNX graphs with OnnxSharp's protobuf classes.</summary>
internal static class OnnxGraphs
{
    public const string BatchDimension = "N";

    public static TensorProto FloatTensor(string name, ReadOnlySpan<float> values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float };
        tensor.Dims.Add(dims);
        // Raw little-endian bytes: the compact encoding that exporters use for initializers.
        tensor.RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values));
        return tensor;
    }

    /// <summary>A float tensor value whose first dimension is the dynamic batch <see cref="BatchDimension"/>.</summary>
    public static ValueInfoProto BatchedFloat(string name, params long[] innerDims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = BatchDimension });
        foreach (long d in innerDims)
        {
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = d });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape } },
        };
    }

    public static NodeProto Node(string opType, string[] inputs, string output)
    {
        var node = new NodeProto { OpType = opType, Name = output };
        node.Input.Add(inputs);
        node.Output.Add(output);
        return node;
    }
}
