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

    /// <summary>
    /// Restarts the runtime on a node that runs dispatched tasks only through <see cref="SteppedNode.RunNext"/>, on the
    /// test's thread, or inline in a Get without a timeout, for tests that check what a finished task leaves reachable.
    /// </summary>
    private protected SteppedNode RestartOnSteppedNode(RuntimeOptions? options = null)
    {
        var node = new SteppedNode();
        Restart((options ?? Options) with { NodeFactory = () => node });
        return node;
    }

    [TearDown]
    public async Task StopRuntime()
    {
        await Ray.DisposeAsync();
        Log.Dispose();
    }
}
