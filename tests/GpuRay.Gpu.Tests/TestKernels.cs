using ILGPU;

namespace GpuRay.Gpu.Tests;

/// <summary>Small kernels for the tests, each with its CPU reference.</summary>
internal static class TestKernels
{
    public static void AddConstant(Index1D i, ArrayView<int> data, int value) => data[i] += value;

    public static int[] AddConstantReference(int[] data, int value) => [.. data.Select(x => x + value)];

    /// <summary>An explicitly grouped kernel: the caller picks the group size, which the device may refuse.</summary>
    public static void AddOneGrouped(ArrayView<int> data)
    {
        int i = Grid.GlobalIndex.X;
        if (i < data.Length)
        {
            data[i] += 1;
        }
    }

    /// <summary>ILGPU cannot compile a kernel that throws.</summary>
    public static void Throws(Index1D i, ArrayView<int> data)
    {
        if (i == 3)
        {
            throw new InvalidOperationException("kernels cannot throw");
        }

        data[i] = 1;
    }

    /// <summary>Writes far past the end of its view: an illegal address on a real GPU.</summary>
    public static void WriteOutOfBounds(Index1D i, ArrayView<int> data) => data[i + (1L << 34)] = 1;
}
