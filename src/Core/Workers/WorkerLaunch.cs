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
/// dependency file and its probing paths, so that the worker resolves every assembly as the driver does.
/// </remarks>
internal static class WorkerLaunch
{
    public const string WorkerVariable = "GPURAY_WORKER";
    public const string StartupHooksVariable = "DOTNET_STARTUP_HOOKS";

    /// <summary>The start info for a worker, or a reason why this process cannot start one.</summary>
    public static ProcessStartInfo Create()
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("This process has no executable path to start workers from.");
        var start = new ProcessStartInfo(host)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            WorkingDirectory = Environment.CurrentDirectory,
        };

        if (IsDotnetHost(host))
        {
            string entry = Assembly.GetEntryAssembly()?.Location is { Length: > 0 } location
                ? location
                : throw new InvalidOperationException("This process runs under the dotnet host but has no entry assembly file to start workers with.");
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

            foreach (string probe in Paths(AppContext.GetData("PROBING_DIRECTORIES") as string))
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
        start.Environment[WorkerVariable] = "1";

        // A worker runs one task at a time: the workstation collector suits it, and each worker stays small.
        start.Environment["DOTNET_gcServer"] = "0";
        return start;
    }

    private static bool IsDotnetHost(string path) =>
        string.Equals(Path.GetFileNameWithoutExtension(path), "dotnet", StringComparison.OrdinalIgnoreCase)
        && !string.Equals(Path.GetFileNameWithoutExtension(Assembly.GetEntryAssembly()?.Location), "dotnet", StringComparison.OrdinalIgnoreCase);

    private static string? FirstPath(string? list) => Paths(list).FirstOrDefault();

    // The host joins these lists with ';' on every platform.
    private static IEnumerable<string> Paths(string? list) =>
        (list ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
