using System.Collections.Concurrent;
using System.Reflection;

using ILGPU.Runtime;

namespace GpuRay.Gpu;

/// <summary>
/// One accelerator of a device and what lives on it: the loaded kernels and a pool of streams. A device gets a new
/// generation after a fault, so that a poisoned context (CUDA's sticky errors) never reaches the next task.
/// </summary>
internal sealed class AcceleratorGeneration : IDisposable
{
    private readonly ConcurrentDictionary<(MethodInfo Method, Type Launcher, string? Variant), Lazy<Delegate>> _kernels = new();
    private readonly ConcurrentBag<AcceleratorStream> _streams = [];
    private readonly KernelCompiler _compiler;
    private int _loads;

    public AcceleratorGeneration(Accelerator accelerator, int number, KernelCompiler compiler)
    {
        Accelerator = accelerator;
        Number = number;
        _compiler = compiler;
    }

    public Accelerator Accelerator { get; }

    /// <summary>1 for the device's first accelerator, then one more after each fault.</summary>
    public int Number { get; }

    /// <summary>Tasks inside a scope on this generation. Changed under the owner's lock.</summary>
    public int Leases { get; set; }

    /// <summary>Set once a launch failed here: no new task gets this generation.</summary>
    public bool Faulted { get; set; }

    /// <summary>How many kernels were compiled here (each one once).</summary>
    public int LoadCount => Volatile.Read(ref _loads);

    public TDelegate GetOrLoad<TDelegate>(MethodInfo method, string? variant, Func<Accelerator, TDelegate> load)
        where TDelegate : Delegate
    {
        var key = (method, typeof(TDelegate), variant);
        Lazy<Delegate> entry = _kernels.GetOrAdd(key, _ => new Lazy<Delegate>(
            () =>
            {
                Interlocked.Increment(ref _loads);
                return _compiler.Compile(() => load(Accelerator));
            },
            LazyThreadSafetyMode.ExecutionAndPublication));
        try
        {
            return (TDelegate)entry.Value;
        }
        catch
        {
            // Lazy caches a failed load; drop it so that the next task compiles afresh.
            _kernels.TryRemove(new KeyValuePair<(MethodInfo, Type, string?), Lazy<Delegate>>(key, entry));
            throw;
        }
    }

    public AcceleratorStream RentStream() => _streams.TryTake(out AcceleratorStream? stream) ? stream : Accelerator.CreateStream();

    public void ReturnStream(AcceleratorStream stream)
    {
        if (Faulted)
        {
            stream.Dispose();
        }
        else
        {
            _streams.Add(stream);
        }
    }

    public void Dispose()
    {
        while (_streams.TryTake(out AcceleratorStream? stream))
        {
            stream.Dispose();
        }

        _kernels.Clear();
        Accelerator.Dispose();
    }
}
