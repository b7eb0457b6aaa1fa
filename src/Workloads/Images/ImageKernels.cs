using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace GpuRay.Workloads.Images;

/// <summary>The image kernels loaded (compiled) for one accelerator, cached because loading compiles them.</summary>
internal sealed class ImageKernels
{
    private static readonly ConditionalWeakTable<Accelerator, ImageKernels> Cache = [];

    private ImageKernels(Accelerator accelerator)
    {
        BlurRows = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<byte>, ArrayView<float>, ArrayView<float>, int, int>(
            BlurKernels.RowsKernel);
        BlurColumns = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<byte>, ArrayView<float>, int, int, int>(
            BlurKernels.ColumnsKernel);
        Grayscale = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<byte>, ArrayView<byte>>(
            ColorKernels.GrayscaleKernel);
        BrightnessContrast = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<byte>, ArrayView<byte>, float, float>(
            ColorKernels.BrightnessContrastKernel);
        Orient = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<byte>, ArrayView<byte>, int, int, int, int>(
            GeometryKernels.OrientKernel);
        Resize = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<byte>, ArrayView<byte>, int, int, int, int>(
            GeometryKernels.ResizeKernel);
        SumSquares = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<byte>, ArrayView<long>, int, int>(
            TensorKernels.SumSquaresKernel);
        ProductChecksum = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<byte>, ArrayView<long>, int, int, long>(
            TensorKernels.ProductChecksumKernel);
    }

    public Action<Index2D, ArrayView<byte>, ArrayView<float>, ArrayView<float>, int, int> BlurRows { get; }

    public Action<Index2D, ArrayView<float>, ArrayView<byte>, ArrayView<float>, int, int, int> BlurColumns { get; }

    public Action<Index1D, ArrayView<byte>, ArrayView<byte>> Grayscale { get; }

    public Action<Index1D, ArrayView<byte>, ArrayView<byte>, float, float> BrightnessContrast { get; }

    public Action<Index2D, ArrayView<byte>, ArrayView<byte>, int, int, int, int> Orient { get; }

    public Action<Index2D, ArrayView<byte>, ArrayView<byte>, int, int, int, int> Resize { get; }

    public Action<Index1D, ArrayView<byte>, ArrayView<long>, int, int> SumSquares { get; }

    public Action<Index1D, ArrayView<byte>, ArrayView<long>, int, int, long> ProductChecksum { get; }

    public static ImageKernels For(Accelerator accelerator) => Cache.GetValue(accelerator, static a => new ImageKernels(a));
}
