using GpuRay.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GpuRay.Cli;

/// <summary>Builds the command tree and maps every outcome to an exit code and at most one error line.</summary>
internal static class CliApplication
{
    /// <summary>Runs the tool in process.</summary>
    /// <param name="args">The command line, without the program name.</param>
    /// <param name="console">Where all output goes (tests pass a <c>TestConsole</c>).</param>
    /// <param name="error">Where error lines go; standard error when null.</param>
    /// <returns>0 on success, 1 when a workload failed, 2 for bad arguments.</returns>
    public static int Run(IReadOnlyList<string> args, IAnsiConsole console, TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        var errors = new ErrorOutput(error ?? Console.Error);
        bool verbose = args.Any(a => a is "--verbose" or "-v");
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("gpuray");
            config.ConfigureConsole(console);
            config.PropagateExceptions();
            config.UseStrictParsing();
            config.Settings.Registrar.RegisterInstance(console);
            config.Settings.Registrar.RegisterInstance(errors);
            config.AddCommand<BenchCommand>("bench")
                .WithDescription("Runs the Ray tutorial workloads serial and parallel (and on the GPU device) and reports the speedup.")
                .WithExample("bench", "--quick")
                .WithExample("bench", "pi", "--mode", "parallel", "--tasks", "8")
                .WithExample("bench", "images", "--images", "6", "--batches", "2,4,6", "--plot", "times.png")
                .WithExample("bench", "--json", "bench.json", "--timeline", "trace.json");
            config.AddCommand<DevicesCommand>("devices")
                .WithDescription("Lists the GPU devices found (or the CPU fallback) and the node's resources.")
                .WithExample("devices")
                .WithExample("devices", "--device", "cpu");
            config.AddCommand<TimelineCommand>("timeline")
                .WithDescription("Explains how to record a Chrome trace of a run and open it in Perfetto.");
        });

        try
        {
            return app.Run(args);
        }
        catch (CommandAppException ex)
        {
            errors.Write(ex.Message, ex, verbose);
            return ExitCodes.BadArguments;
        }
        catch (CliUsageException ex)
        {
            errors.Write(ex.Message, ex, verbose);
            return ExitCodes.BadArguments;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Commands report workload failures themselves; this is the last line of defence against a stack dump.
            errors.Write($"{ex.GetType().Name}: {ex.Message}", ex, verbose);
            return ExitCodes.Failure;
        }
    }
}
