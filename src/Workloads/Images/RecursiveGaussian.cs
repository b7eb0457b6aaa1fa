using System.Buffers;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace GpuRay.Workloads.Images;

/// <summary>
/// The Young–van Vliet recursive Gaussian (1995, third order, forward then backward) on RGBA8 pixels: a fixed
/// 16 multiply-adds per channel whatever the sigma, where the exact kernel costs <c>2 (6 sigma + 1)</c>.
/// </summary>
/// <remarks>
/// <para>
/// Borders repeat the edge pixel, as the exact blur does: the forward pass starts in the steady state of the edge
/// value, and the backward pass starts from Triggs and Sdika's state for an input that stays at the last value
/// forever (the 3x3 matrix is computed numerically per sigma, see <see cref="Coefficients"/>).
/// </para>
/// <para>
/// The recursion runs across SIMD lanes. The horizontal pass carries two rows in one <see cref="Vector256{T}"/>
/// (a pixel of each, four channels), four rows at a time so that two independent chains hide the multiply-add
/// latency; the rows are short enough to stay in the L1/L2 cache between the forward and the backward walk. The
/// vertical pass walks 32-float column strips (eight pixels, four chains) down into a strip buffer and back up
/// into bytes. Against the exact 3-sigma kernel the result differs by the approximation's error, measured in
/// docs/gaussian-blur.md and pinned by CpuBlurTests.
/// </para>
/// </remarks>
internal static class RecursiveGaussian
{
    /// <summary>Floats per vertical strip: eight pixels, four <see cref="Vector256{T}"/>.</summary>
    public const int StripFloats = 32;

    /// <summary>Rows per horizontal group: two per vector, two vectors.</summary>
    private const int RowGroup = 4;

    /// <summary>The recursion's stated range (Young and van Vliet fit q for sigma 0.5 and up).</summary>
    public const float MinSigma = 0.5f;

    /// <summary>Floats of scratch the blur needs: the float image and one strip.</summary>
    public static int ScratchLength(int width, int height) => (width * height * 4) + (height * StripFloats);

    /// <summary>Blurs <paramref name="source"/> into <paramref name="target"/>; needs width 8 or more.</summary>
    public static void Blur(ReadOnlySpan<byte> source, Span<byte> target, int width, int height, float sigma, Span<float> scratch)
    {
        Debug.Assert(width >= StripFloats / 4, "the vertical pass needs one full strip");
        Debug.Assert(sigma >= MinSigma, "sigma below the recursion's range");
        Debug.Assert(source.Length == width * height * 4 && target.Length == source.Length, "buffer sizes");
        Debug.Assert(scratch.Length >= ScratchLength(width, height), "scratch size");
        var c = Coefficients.For(sigma);
        Span<float> image = scratch[..(width * height * 4)];
        Span<float> strip = scratch.Slice(image.Length, height * StripFloats);
        Rows(source, image, width, height, c);
        Columns(image, strip, target, width, height, c);
    }

    private static void Rows(ReadOnlySpan<byte> source, Span<float> image, int width, int height, in Coefficients c)
    {
        int rowFloats = width * 4;
        ref byte src = ref MemoryMarshal.GetReference(source);
        ref float dst = ref MemoryMarshal.GetReference(image);
        var b = Vector256.Create(c.B);
        var a1 = Vector256.Create(c.A1);
        var a2 = Vector256.Create(c.A2);
        var a3 = Vector256.Create(c.A3);
        for (int y = 0; y < height; y += RowGroup)
        {
            // A short last group repeats the last row: its lanes compute and store the same values twice.
            // Every step loads both vectors before it stores either, so a repeated row never reads its own output.
            nint r0 = Math.Min(y, height - 1) * rowFloats;
            nint r1 = Math.Min(y + 1, height - 1) * rowFloats;
            nint r2 = Math.Min(y + 2, height - 1) * rowFloats;
            nint r3 = Math.Min(y + 3, height - 1) * rowFloats;

            Vector256<float> pp1 = LoadPair(ref src, r0, r1);
            Vector256<float> qp1 = LoadPair(ref src, r2, r3);
            Vector256<float> pp2 = pp1, pp3 = pp1, qp2 = qp1, qp3 = qp1;
            for (nint x = 0; x < rowFloats; x += 4)
            {
                Vector256<float> p = LoadPair(ref src, r0 + x, r1 + x);
                Vector256<float> q = LoadPair(ref src, r2 + x, r3 + x);
                p = Step(p, pp1, pp2, pp3, b, a1, a2, a3);
                q = Step(q, qp1, qp2, qp3, b, a1, a2, a3);
                StorePair(p, ref dst, r0 + x, r1 + x);
                StorePair(q, ref dst, r2 + x, r3 + x);
                (pp3, pp2, pp1) = (pp2, pp1, p);
                (qp3, qp2, qp1) = (qp2, qp1, q);
            }

            nint last = rowFloats - 4;
            Vector256<float> pe = LoadPair(ref src, r0 + last, r1 + last);
            Vector256<float> qe = LoadPair(ref src, r2 + last, r3 + last);
            (pp1, pp2, pp3) = c.BackwardStart(pp1, pp2, pp3, pe);
            (qp1, qp2, qp3) = c.BackwardStart(qp1, qp2, qp3, qe);
            for (nint x = last; x >= 0; x -= 4)
            {
                Vector256<float> p = LoadPair(ref dst, r0 + x, r1 + x);
                Vector256<float> q = LoadPair(ref dst, r2 + x, r3 + x);
                p = Step(p, pp1, pp2, pp3, b, a1, a2, a3);
                q = Step(q, qp1, qp2, qp3, b, a1, a2, a3);
                StorePair(p, ref dst, r0 + x, r1 + x);
                StorePair(q, ref dst, r2 + x, r3 + x);
                (pp3, pp2, pp1) = (pp2, pp1, p);
                (qp3, qp2, qp1) = (qp2, qp1, q);
            }
        }
    }

    private static void Columns(Span<float> image, Span<float> strip, Span<byte> target, int width, int height, in Coefficients c)
    {
        int rowFloats = width * 4;
        ref float src = ref MemoryMarshal.GetReference(image);
        ref float buf = ref MemoryMarshal.GetReference(strip);
        ref byte dst = ref MemoryMarshal.GetReference(target);
        var b = Vector256.Create(c.B);
        var a1 = Vector256.Create(c.A1);
        var a2 = Vector256.Create(c.A2);
        var a3 = Vector256.Create(c.A3);
        for (int s = 0; s < rowFloats; s += StripFloats)
        {
            // The last strip may overlap the one before; it reads only the float image, so it computes the same
            // bytes for the shared columns.
            nint x = Math.Min(s, rowFloats - StripFloats);
            Column4 p1 = Column4.Load(ref src, x);
            Column4 p2 = p1, p3 = p1;
            for (int y = 0; y < height; y++)
            {
                Column4 v = Column4.Load(ref src, (y * (nint)rowFloats) + x);
                v = Column4.Step(v, p1, p2, p3, b, a1, a2, a3);
                v.Store(ref buf, y * (nint)StripFloats);
                (p3, p2, p1) = (p2, p1, v);
            }

            Column4 e = Column4.Load(ref src, ((height - 1) * (nint)rowFloats) + x);
            (p1.V0, p2.V0, p3.V0) = c.BackwardStart(p1.V0, p2.V0, p3.V0, e.V0);
            (p1.V1, p2.V1, p3.V1) = c.BackwardStart(p1.V1, p2.V1, p3.V1, e.V1);
            (p1.V2, p2.V2, p3.V2) = c.BackwardStart(p1.V2, p2.V2, p3.V2, e.V2);
            (p1.V3, p2.V3, p3.V3) = c.BackwardStart(p1.V3, p2.V3, p3.V3, e.V3);
            for (int y = height - 1; y >= 0; y--)
            {
                Column4 v = Column4.Load(ref buf, y * (nint)StripFloats);
                v = Column4.Step(v, p1, p2, p3, b, a1, a2, a3);
                PixelVectors.ToBytes(v.V0, v.V1, v.V2, v.V3).StoreUnsafe(ref dst, (nuint)((y * (nint)rowFloats) + x));
                (p3, p2, p1) = (p2, p1, v);
            }
        }
    }

    /// <summary>One recursion step; the newest state is added last so that only one multiply-add waits on it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Step(
        Vector256<float> input,
        Vector256<float> p1,
        Vector256<float> p2,
        Vector256<float> p3,
        Vector256<float> b,
        Vector256<float> a1,
        Vector256<float> a2,
        Vector256<float> a3) =>
        Vector256.FusedMultiplyAdd(a1, p1, Vector256.FusedMultiplyAdd(a2, p2, Vector256.FusedMultiplyAdd(a3, p3, b * input)));

    /// <summary>One RGBA pixel from each of two rows; the lower half is the first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> LoadPair(ref byte source, nint first, nint second)
    {
        uint lo = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, first));
        uint hi = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref source, second));
        Vector128<byte> bytes = Vector128.CreateScalarUnsafe(lo | ((ulong)hi << 32)).AsByte();
        if (Avx2.IsSupported)
        {
            return Avx.ConvertToVector256Single(Avx2.ConvertToVector256Int32(bytes));
        }

        Vector128<ushort> words = Vector128.WidenLower(bytes);
        return Vector256.ConvertToSingle(Vector256.Create(Vector128.WidenLower(words), Vector128.WidenUpper(words)));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> LoadPair(ref float source, nint first, nint second) =>
        Vector256.Create(Vector128.LoadUnsafe(ref source, (nuint)first), Vector128.LoadUnsafe(ref source, (nuint)second));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StorePair(Vector256<float> value, ref float target, nint first, nint second)
    {
        value.GetLower().StoreUnsafe(ref target, (nuint)first);
        value.GetUpper().StoreUnsafe(ref target, (nuint)second);
    }

    /// <summary>Four vectors side by side: one 32-float strip of one row.</summary>
    private struct Column4(Vector256<float> v0, Vector256<float> v1, Vector256<float> v2, Vector256<float> v3)
    {
        public Vector256<float> V0 = v0;
        public Vector256<float> V1 = v1;
        public Vector256<float> V2 = v2;
        public Vector256<float> V3 = v3;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Column4 Load(ref float source, nint offset) => new(
            Vector256.LoadUnsafe(ref source, (nuint)offset),
            Vector256.LoadUnsafe(ref source, (nuint)(offset + 8)),
            Vector256.LoadUnsafe(ref source, (nuint)(offset + 16)),
            Vector256.LoadUnsafe(ref source, (nuint)(offset + 24)));

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Column4 Step(
            Column4 v,
            Column4 p1,
            Column4 p2,
            Column4 p3,
            Vector256<float> b,
            Vector256<float> a1,
            Vector256<float> a2,
            Vector256<float> a3) => new(
            RecursiveGaussian.Step(v.V0, p1.V0, p2.V0, p3.V0, b, a1, a2, a3),
            RecursiveGaussian.Step(v.V1, p1.V1, p2.V1, p3.V1, b, a1, a2, a3),
            RecursiveGaussian.Step(v.V2, p1.V2, p2.V2, p3.V2, b, a1, a2, a3),
            RecursiveGaussian.Step(v.V3, p1.V3, p2.V3, p3.V3, b, a1, a2, a3));

        public readonly void Store(ref float target, nint offset)
        {
            V0.StoreUnsafe(ref target, (nuint)offset);
            V1.StoreUnsafe(ref target, (nuint)(offset + 8));
            V2.StoreUnsafe(ref target, (nuint)(offset + 16));
            V3.StoreUnsafe(ref target, (nuint)(offset + 24));
        }
    }

    /// <summary>
    /// <c>w[n] = B x[n] + a1 w[n-1] + a2 w[n-2] + a3 w[n-3]</c>, the same filter forward and backward, with
    /// <c>B = 1 - a1 - a2 - a3</c> so that a constant stays constant.
    /// </summary>
    internal readonly struct Coefficients
    {
        private readonly float _m00, _m01, _m02, _m10, _m11, _m12, _m20, _m21, _m22;

        private Coefficients(double a1, double a2, double a3, double b, ReadOnlySpan<double> m)
        {
            A1 = (float)a1;
            A2 = (float)a2;
            A3 = (float)a3;
            B = (float)b;
            (_m00, _m01, _m02) = ((float)m[0], (float)m[1], (float)m[2]);
            (_m10, _m11, _m12) = ((float)m[3], (float)m[4], (float)m[5]);
            (_m20, _m21, _m22) = ((float)m[6], (float)m[7], (float)m[8]);
        }

        public float B { get; }

        public float A1 { get; }

        public float A2 { get; }

        public float A3 { get; }

        /// <summary>Young and van Vliet's 1995 fit: q from sigma, then the three feedback weights from q.</summary>
        public static Coefficients For(float sigma)
        {
            double s = sigma;
            double q = s >= 2.5 ? (0.98711 * s) - 0.96330 : 3.97156 - (4.14554 * Math.Sqrt(1 - (0.26891 * s)));
            double q2 = q * q, q3 = q2 * q;
            double b0 = 1.57825 + (2.44413 * q) + (1.4281 * q2) + (0.422205 * q3);
            double a1 = ((2.44413 * q) + (2.85619 * q2) + (1.26661 * q3)) / b0;
            double a2 = -((1.4281 * q2) + (1.26661 * q3)) / b0;
            double a3 = 0.422205 * q3 / b0;

            // B is 1 minus the sum of the rounded feedback weights, so that the float filter's gain at zero
            // frequency is 1 to float precision: with B rounded on its own, B is so small at large sigma (5e-4 at
            // 20) that the rounding of the weights alone would shift a flat image by levels.
            (a1, a2, a3) = ((float)a1, (float)a2, (float)a3);
            double b = 1 - a1 - a2 - a3;
            Span<double> m = stackalloc double[9];
            BackwardMatrix(a1, a2, a3, b, sigma, m);
            return new Coefficients(a1, a2, a3, b, m);
        }

        /// <summary>
        /// The backward pass's first three states for a signal that goes on at its last value <paramref name="edge"/>,
        /// from the forward pass's last three (<paramref name="p1"/> newest).
        /// </summary>
        public (Vector256<float> P1, Vector256<float> P2, Vector256<float> P3) BackwardStart(
            Vector256<float> p1, Vector256<float> p2, Vector256<float> p3, Vector256<float> edge)
        {
            Vector256<float> u1 = p1 - edge, u2 = p2 - edge, u3 = p3 - edge;
            return (
                edge + (Vector256.Create(_m00) * u1) + (Vector256.Create(_m01) * u2) + (Vector256.Create(_m02) * u3),
                edge + (Vector256.Create(_m10) * u1) + (Vector256.Create(_m11) * u2) + (Vector256.Create(_m12) * u3),
                edge + (Vector256.Create(_m20) * u1) + (Vector256.Create(_m21) * u2) + (Vector256.Create(_m22) * u3));
        }

        /// <summary>
        /// Triggs and Sdika's matrix, by running the filter: past the edge the forward deviations from the edge value
        /// decay freely from the last three, and the backward pass over them, started at rest far out, arrives at
        /// the edge in the state wanted. Linear in the three deviations, so three runs give the columns.
        /// </summary>
        private static void BackwardMatrix(double a1, double a2, double a3, double b, float sigma, Span<double> m)
        {
            // The slowest pole decays by 1/e within about 1.2 sigma; 12 sigma leaves less than 1e-4 of a deviation.
            int length = (int)(12 * sigma) + 64;
            double[] forwardArray = ArrayPool<double>.Shared.Rent(length + 3);
            double[] backwardArray = ArrayPool<double>.Shared.Rent(length + 3);
            Span<double> forward = forwardArray.AsSpan(0, length + 3);
            Span<double> backward = backwardArray.AsSpan(0, length + 3);
            for (int j = 0; j < 3; j++)
            {
                forward.Clear();
                backward.Clear();
                forward[2 - j] = 1;
                for (int i = 3; i < forward.Length; i++)
                {
                    forward[i] = (a1 * forward[i - 1]) + (a2 * forward[i - 2]) + (a3 * forward[i - 3]);
                }

                for (int i = length - 1; i >= 0; i--)
                {
                    backward[i] = (b * forward[i + 3]) + (a1 * backward[i + 1]) + (a2 * backward[i + 2]) + (a3 * backward[i + 3]);
                }

                m[j] = backward[0];
                m[3 + j] = backward[1];
                m[6 + j] = backward[2];
            }

            ArrayPool<double>.Shared.Return(forwardArray);
            ArrayPool<double>.Shared.Return(backwardArray);
        }
    }
}
