using GpuRay.Runtime;

namespace GpuRay.Core.Tests.Support;

/// <summary>Starts a fresh runtime per test, disposed after it.</summary>
public abstract class RuntimeFixture
{
    protected GpuRayRuntime Ray { get; private set; } = null!;

    protected ListLogger Log { get; private set; } = null!;

    protected virtual RuntimeOptions Options => new() { NumCpus = 2 };

    [SetUp]
    public void StartRuntime()
    {
        Log = new ListLogger();
        Ray = GpuRayRuntime.Start(Options with { LoggerFactory = Log });
    }

    /// <summary>Replaces the runtime with one set up differently, for tests that need another node.</summary>
    protected void Restart(RuntimeOptions options)
    {
        Ray.Dispose();
        Ray = GpuRayRuntime.Start(options.LoggerFactory is null ? options with { LoggerFactory = Log } : options);
    }

    [TearDown]
    public async Task StopRuntime()
    {
        await Ray.DisposeAsync();
        Log.Dispose();
    }
}
