using System.Reflection;

namespace GpuRay.Functions;

/// <summary>The stable default name of a delegate: its declaring type's full name and its method name.</summary>
internal static class FunctionNames
{
    public static string Of(Delegate function)
    {
        MethodInfo method = function.Method;
        string type = method.DeclaringType?.FullName ?? "<global>";
        return $"{type.Replace('+', '.')}.{method.Name}";
    }
}
