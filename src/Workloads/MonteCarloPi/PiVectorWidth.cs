namespace GpuRay.Workloads.MonteCarloPi;

/// <summary>The vector width <see cref="PiSimdCounter"/> counts with.</summary>
internal enum PiVectorWidth
{
    /// <summary>No vectors: the scalar reference.</summary>
    Scalar,

    /// <summary>Four lanes through the portable <c>Vector128</c> API (SSE, Arm AdvSimd).</summary>
    Vector128,

    /// <summary>Eight lanes with AVX2.</summary>
    Vector256,

    /// <summary>Sixteen lanes with AVX-512.</summary>
    Vector512,
}
