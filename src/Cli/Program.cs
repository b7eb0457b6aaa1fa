using Spectre.Console;

namespace GpuRay.Cli;

/// <summary>The entry point of the <c>gpuray</c> tool.</summary>
internal static class Program
{
    public static int Main(string[] args) => CliApplication.Run(args, AnsiConsole.Console);
}
