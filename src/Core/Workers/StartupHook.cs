using System.Diagnostics.CodeAnalysis;
using System.IO.Pipes;

using GpuRay.Workers;

/// <summary>
/// The .NET startup hook through which a process becomes a GpuRay worker: the driver starts its own application again
/// with this assembly in <c>DOTNET_STARTUP_HOOKS</c> and the name of a pipe in <c>GPURAY_WORKER_PIPE</c>, and the hook
/// serves calls over that pipe instead of letting the application's Main run. The worker thus loads every assembly
/// exactly as the driver does.
/// </summary>
/// <remarks>In any process without <c>GPURAY_WORKER_PIPE</c>, the hook returns at once and the application runs as usual.</remarks>
[SuppressMessage("Design", "CA1050:Declare types in namespaces", Justification = "The runtime looks the hook up as the global type StartupHook.")]
internal static class StartupHook
{
    /// <summary>Called by the runtime before Main.</summary>
    public static void Initialize()
    {
        if (Environment.GetEnvironmentVariable(WorkerLaunch.PipeVariable) is not { Length: > 0 } pipeName)
        {
            return;
        }

        // The worker's own children (if a task starts processes) are ordinary processes.
        Environment.SetEnvironmentVariable(WorkerLaunch.PipeVariable, null);
        Environment.SetEnvironmentVariable(WorkerLaunch.StartupHooksVariable, null);
        using var pipe = new NamedPipeClientStream(".", pipeName, PipeDirection.InOut, PipeOptions.Asynchronous | PipeOptions.CurrentUserOnly);
        try
        {
            pipe.Connect(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"GpuRay worker {Environment.ProcessId}: could not connect to its driver's pipe '{pipeName}': {ex.Message}");
            Environment.Exit(3);
        }

        WorkerHost.Run(pipe, driverGone: () => Environment.Exit(0));
        Environment.Exit(0);
    }
}
