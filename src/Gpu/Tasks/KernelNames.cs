using System.Reflection;

namespace GpuRay.Gpu;

/// <summary>How errors name a kernel: its declaring type and method.</summary>
internal static class KernelNames
{
    public static string Of(MethodInfo method) => method.DeclaringType is { } type ? $"{type.Name}.{method.Name}" : method.Name;
}
