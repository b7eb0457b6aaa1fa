using System.Diagnostics.CodeAnalysis;

using GpuRay.Workers;

/// <summary>
/// The .NET startup hook through which a process becomes a GpuRay worker: the driver starts its own application again
/// with this assembly in <c>DOTNET_STARTUP_HOOKS</c> and <c>GPURAY_WORKER=1</c>, and the hook serves calls instead of
/// letting the application's Main run. The worker thus loads every assembly exactly as the driver does.
/// </summary>
/// <remarks>In any process without <c>GPURAY_WORKER=1</c>, the hook returns at once and the application runs as usual.</remarks>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime looks the hook up as the global type StartupHook.")]
internal static class StartupHook
{
    /// <summary>Called by the runtime before Main.</summary>
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(WorkerLaunch.WorkerVariable) != "1")
        {
            return;
        }

        // The worker's own children (if a task starts processes) are ordinary processes.
        Environment.SetEnvironmentVariable(WorkerLaunch.WorkerVariable, null);
        Environment.SetEnvironmentVariable(WorkerLaunch.StartupHooksVariable, null);
        using Stream input = Console.OpenStandardInput();
        using Stream output = Console.OpenStandardOutput();
        Console.SetOut(Console.Error);
        WorkerHost.Run(input, output, driverGone: () => Environment.Exit(0));
        Environment.Exit(0);
    }
}
