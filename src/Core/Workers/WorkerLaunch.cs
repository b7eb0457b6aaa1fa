using System.Diagnostics;
using System.Reflection;

namespace GpuRay.Workers;

/// <summary>
/// How a worker process is started: this application again, as the host started it, with GpuRay.Core as a startup
/// hook that turns the process into a worker before the application's Main (see <see cref="StartupHook"/>).
/// </summary>
/// <remarks>
/// An application run through its own executable is started the same way. One run through the <c>dotnet</c> host
/// (<c>dotnet app.dll</c>, a test host) is started as <c>dotnet exec</c> with its runtime configuration, its
/// dependency file and its probing paths, so that the worker resolves every assembly as the driver does. Host
/// options given on the <c>dotnet</c> command line (<c>--fx-version</c>, <c>--roll-forward</c>, <c>--additional-deps</c>)
/// are not carried over; the same settings in the runtime configuration file or in the environment are.
/// </remarks>
internal static class WorkerLaunch
{
    /// <summary>The pipe a worker connects to; set only in a process started as a worker.</summary>
    public const string PipeVariable = "GPURAY_WORKER_PIPE";
    public const string StartupHooksVariable = "DOTNET_STARTUP_HOOKS";

    /// <summary>The size from which a worker puts objects on the large object heap (the runtime reads it as hexadecimal bytes).</summary>
    public const string LargeObjectThresholdVariable = "DOTNET_GCLOHThreshold";

    /// <summary>4 MiB, in hexadecimal.</summary>
    public const string LargeObjectThreshold = "0x400000";

    /// <summary>The start info for a worker that connects to the pipe <paramref name="pipeName"/>.</summary>
    /// <exception cref="Errors.WorkerStartException">This process cannot start workers; the message says why.</exception>
    public static ProcessStartInfo Create(string pipeName)
    {
        if (Environment.GetEnvironmentVariable(PipeVariable) is not null)
        {
            // The hook consumes the variable: it is still set only when the hook did not run here, and this process
            // is an application started as a worker that runs its Main instead. Starting workers from it would nest.
            throw new Errors.WorkerStartException(
                $"This process was started as a GpuRay worker, but GpuRay's startup hook did not run in it ({PipeVariable} is still set), so it cannot start workers of its own. Startup hooks are off in trimmed and NativeAOT applications and where System.StartupHookProvider.IsSupported is false.");
        }

        if (AppContext.TryGetSwitch("System.StartupHookProvider.IsSupported", out bool hooks) && !hooks)
        {
            throw new Errors.WorkerStartException(
                "This application turns .NET startup hooks off (System.StartupHookProvider.IsSupported = false, as trimming and NativeAOT do), and a GpuRay worker process starts through one. Run tasks with Isolation = None, or publish without trimming.");
        }

        string host = Environment.ProcessPath ?? throw new Errors.WorkerStartException("This process has no executable path to start GpuRay workers from.");

        // The worker shares this process's console: what a task writes appears as it would in this process. The
        // protocol has its own pipe, so neither the task's output nor its child processes can disturb it. Standard
        // error comes through this process (WorkerStderr), which keeps its last lines for a crash report.
        var start = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            WorkingDirectory = Environment.CurrentDirectory,
            RedirectStandardError = true,
        };

        if (IsDotnetHost(host))
        {
            string entry = Assembly.GetEntryAssembly()?.Location is { Length: > 0 } location
                ? location
                : throw new Errors.WorkerStartException("This process runs under the dotnet host but has no entry assembly file to start GpuRay workers with.");
            start.ArgumentList.Add("exec");
            string? deps = FirstPath(AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string);
            if (deps is not null && File.Exists(deps))
            {
                start.ArgumentList.Add("--depsfile");
                start.ArgumentList.Add(deps);
                string config = string.Concat(deps.AsSpan(0, deps.Length - ".deps.json".Length), ".runtimeconfig.json");
                if (deps.EndsWith(".deps.json", StringComparison.OrdinalIgnoreCase) && File.Exists(config))
                {
                    start.ArgumentList.Add("--runtimeconfig");
                    start.ArgumentList.Add(config);
                }
            }

            foreach (string probe in Paths(AppContext.GetData("PROBING_DIRECTORIES") as string, Path.PathSeparator))
            {
                start.ArgumentList.Add("--additionalprobingpath");
                start.ArgumentList.Add(probe);
            }

            start.ArgumentList.Add(entry);
        }

        Assembly core = typeof(WorkerLaunch).Assembly;
        string hook = string.IsNullOrEmpty(core.Location) ? core.GetName().Name! : core.Location;
        string? existing = Environment.GetEnvironmentVariable(StartupHooksVariable);
        start.Environment[StartupHooksVariable] = string.IsNullOrEmpty(existing) ? hook : existing + Path.PathSeparator + hook;
        start.Environment[PipeVariable] = pipeName;

        // A worker runs one task at a time: the workstation collector suits it, and each worker stays small.
        start.Environment["DOTNET_gcServer"] = "0";

        // Each call gets its own copy of a large argument, which dies with the call. On the large object heap (85,000
        // bytes and more by default) such copies made the worker collect its oldest generation every few calls: 2.5 to
        // 3.9 ms a call for an 800 KB array kept by the worker, against 0.25 ms with arrays up to 4 MiB in the young
        // generations. A threshold the application set itself is kept.
        start.Environment.TryAdd(LargeObjectThresholdVariable, LargeObjectThreshold);
        return start;
    }

    private static bool IsDotnetHost(string path) =>
        string.Equals(Path.GetFileNameWithoutExtension(path), "dotnet", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(Path.GetFileNameWithoutExtension(Assembly.GetEntryAssembly()?.Location), "dotnet", StringComparison.OrdinalIgnoreCase);

    // The host joins the dependency files with ';' on every platform, and probing paths with the platform's separator.
    private static string? FirstPath(string? list) => Paths(list, ';').FirstOrDefault();

    private static IEnumerable<string> Paths(string? list, char separator) =>
        (list ?? string.Empty).Split(separator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
