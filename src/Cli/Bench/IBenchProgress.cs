namespace GpuRay.Cli.Bench;

/// <summary>Where a bench run reports its progress: live bars on a terminal, or one line per phase in a log.</summary>
internal interface IBenchProgress
{
    /// <summary>Starts the progress of one workload.</summary>
    /// <param name="title">The workload's title.</param>
    /// <param name="totalItems">The items (tasks, images, shards) of all its phases together.</param>
    IWorkloadProgress StartWorkload(string title, int totalItems);
}
