using Spectre.Console;

namespace GpuRay.Cli;

/// <summary>The entry point of the <c>gpuray</c> tool.</summary>
internal static class Program
{
    /// <summary>The width used when output goes to a file or a CI log, so that tables are not wrapped at 80 columns.</summary>
    private const int RedirectedWidth = 160;

    public static int Main(string[] args)
    {
        IAnsiConsole console = AnsiConsole.Console;
        if (Console.IsOutputRedirected)
        {
            console.Profile.Width = RedirectedWidth;
        }

        return CliApplication.Run(args, console, Console.Error);
    }
}
