namespace GpuRay.Cli.Bench;

/// <summary>The progress of one workload, phase by phase (generate, serial, parallel, GPU, ...).</summary>
internal interface IWorkloadProgress
{
    /// <summary>Names the phase that runs now.</summary>
    void BeginPhase(string phase);

    /// <summary>One item (task, image, shard) finished.</summary>
    void Advance();

    /// <summary>The current phase finished after <paramref name="elapsed"/>.</summary>
    void EndPhase(TimeSpan elapsed);

    /// <summary>The workload finished (successfully or not).</summary>
    void Finish(bool succeeded);
}
