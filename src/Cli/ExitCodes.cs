namespace GpuRay.Cli;

/// <summary>The tool's exit codes.</summary>
internal static class ExitCodes
{
    /// <summary>Everything ran and every item succeeded.</summary>
    public const int Success = 0;

    /// <summary>A workload, an item or the runtime failed.</summary>
    public const int Failure = 1;

    /// <summary>The command line was not valid.</summary>
    public const int BadArguments = 2;
}
