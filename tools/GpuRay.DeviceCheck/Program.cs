using System.Reflection;
using GpuRay.DeviceCheck;

if (args.Length == 0 || args[0] is not ("tests" or "gpuray"))
{
    await Console.Error.WriteLineAsync("usage: gpuray-device-check tests [category ...] [--exclude category ...] | gpuray <gpuray arguments>");
    return 2;
}

if (args[0] == "gpuray")
{
    // The tool's entry point is internal; it is the referenced assembly's entry point.
    MethodInfo entry = Assembly.Load("gpuray").EntryPoint ?? throw new InvalidOperationException("gpuray has no entry point.");
    return (int)entry.Invoke(null, [args[1..]])!;
}

return SuiteRunner.Run(args[1..], Console.Out);
