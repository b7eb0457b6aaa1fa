using ILGPU;
using ILGPU.Runtime;

namespace GpuRay.Gpu;

public sealed partial class GpuContext
{
    private volatile string? _lastKernel;
    private volatile bool _faultSeen;

    /// <summary>
    /// Gets a kernel loaded on this task's (first) accelerator through any ILGPU loader, compiling it only the first
    /// time per accelerator; later tasks on the same device get the cached launcher.
    /// </summary>
    /// <typeparam name="TDelegate">The launcher type the loader returns.</typeparam>
    /// <param name="kernel">The kernel method (the cache key, with <typeparamref name="TDelegate"/> and <paramref name="variant"/>).</param>
    /// <param name="load">Loads it, e.g. <c>a =&gt; a.LoadKernel&lt;...&gt;(MyKernel)</c>.</param>
    /// <param name="variant">Distinguishes two loads of one method with the same launcher type (e.g. group sizes).</param>
    /// <returns>ILGPU's launcher; it takes a stream (pass <see cref="Stream"/>) and does not translate faults.</returns>
    /// <exception cref="GpuTaskException">The kernel does not compile for the device.</exception>
    public TDelegate GetOrLoadKernel<TDelegate>(Delegate kernel, Func<Accelerator, TDelegate> load, string? variant = null)
        where TDelegate : Delegate
    {
        ArgumentNullException.ThrowIfNull(kernel);
        ArgumentNullException.ThrowIfNull(load);
        return Load(kernel, load, variant);
    }

    /// <summary>
    /// Gets the kernel compiled for this task's accelerator (compiling it on first use, once per accelerator), as a
    /// launcher that runs it auto-grouped on the task's <see cref="Stream"/>.
    /// </summary>
    /// <typeparam name="TIndex">The index type (Index1D, Index2D, Index3D, LongIndex1D...).</typeparam>
    /// <typeparam name="T1">The type of kernel parameter 1.</typeparam>
    /// <param name="kernel">A static kernel method.</param>
    /// <returns>A launcher for this task: (extent, arguments...). A failed launch throws <see cref="GpuTaskException"/>.</returns>
    /// <exception cref="GpuTaskException">The kernel does not compile for the device.</exception>
    public Action<TIndex, T1> LoadKernel<TIndex, T1>(Action<TIndex, T1> kernel)
        where TIndex : struct, IIndex
        where T1 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Action<AcceleratorStream, TIndex, T1> launch = Load(kernel, a => a.LoadAutoGroupedKernel(kernel));
        string name = KernelNames.Of(kernel.Method);
        AcceleratorStream stream = Stream;
        return (extent, p1) =>
        {
            _lastKernel = name;
            try
            {
                launch(stream, extent, p1);
            }
            catch (Exception ex)
            {
                throw KernelFault(0, name, ex, "at launch");
            }
        };
    }

    /// <summary>
    /// Gets the kernel compiled for this task's accelerator (compiling it on first use, once per accelerator), as a
    /// launcher that runs it auto-grouped on the task's <see cref="Stream"/>.
    /// </summary>
    /// <typeparam name="TIndex">The index type (Index1D, Index2D, Index3D, LongIndex1D...).</typeparam>
    /// <typeparam name="T1">The type of kernel parameter 1.</typeparam>
    /// <typeparam name="T2">The type of kernel parameter 2.</typeparam>
    /// <param name="kernel">A static kernel method.</param>
    /// <returns>A launcher for this task: (extent, arguments...). A failed launch throws <see cref="GpuTaskException"/>.</returns>
    /// <exception cref="GpuTaskException">The kernel does not compile for the device.</exception>
    public Action<TIndex, T1, T2> LoadKernel<TIndex, T1, T2>(Action<TIndex, T1, T2> kernel)
        where TIndex : struct, IIndex
        where T1 : struct
        where T2 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Action<AcceleratorStream, TIndex, T1, T2> launch = Load(kernel, a => a.LoadAutoGroupedKernel(kernel));
        string name = KernelNames.Of(kernel.Method);
        AcceleratorStream stream = Stream;
        return (extent, p1, p2) =>
        {
            _lastKernel = name;
            try
            {
                launch(stream, extent, p1, p2);
            }
            catch (Exception ex)
            {
                throw KernelFault(0, name, ex, "at launch");
            }
        };
    }

    /// <summary>
    /// Gets the kernel compiled for this task's accelerator (compiling it on first use, once per accelerator), as a
    /// launcher that runs it auto-grouped on the task's <see cref="Stream"/>.
    /// </summary>
    /// <typeparam name="TIndex">The index type (Index1D, Index2D, Index3D, LongIndex1D...).</typeparam>
    /// <typeparam name="T1">The type of kernel parameter 1.</typeparam>
    /// <typeparam name="T2">The type of kernel parameter 2.</typeparam>
    /// <typeparam name="T3">The type of kernel parameter 3.</typeparam>
    /// <param name="kernel">A static kernel method.</param>
    /// <returns>A launcher for this task: (extent, arguments...). A failed launch throws <see cref="GpuTaskException"/>.</returns>
    /// <exception cref="GpuTaskException">The kernel does not compile for the device.</exception>
    public Action<TIndex, T1, T2, T3> LoadKernel<TIndex, T1, T2, T3>(Action<TIndex, T1, T2, T3> kernel)
        where TIndex : struct, IIndex
        where T1 : struct
        where T2 : struct
        where T3 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Action<AcceleratorStream, TIndex, T1, T2, T3> launch = Load(kernel, a => a.LoadAutoGroupedKernel(kernel));
        string name = KernelNames.Of(kernel.Method);
        AcceleratorStream stream = Stream;
        return (extent, p1, p2, p3) =>
        {
            _lastKernel = name;
            try
            {
                launch(stream, extent, p1, p2, p3);
            }
            catch (Exception ex)
            {
                throw KernelFault(0, name, ex, "at launch");
            }
        };
    }

    /// <summary>
    /// Gets the kernel compiled for this task's accelerator (compiling it on first use, once per accelerator), as a
    /// launcher that runs it auto-grouped on the task's <see cref="Stream"/>.
    /// </summary>
    /// <typeparam name="TIndex">The index type (Index1D, Index2D, Index3D, LongIndex1D...).</typeparam>
    /// <typeparam name="T1">The type of kernel parameter 1.</typeparam>
    /// <typeparam name="T2">The type of kernel parameter 2.</typeparam>
    /// <typeparam name="T3">The type of kernel parameter 3.</typeparam>
    /// <typeparam name="T4">The type of kernel parameter 4.</typeparam>
    /// <param name="kernel">A static kernel method.</param>
    /// <returns>A launcher for this task: (extent, arguments...). A failed launch throws <see cref="GpuTaskException"/>.</returns>
    /// <exception cref="GpuTaskException">The kernel does not compile for the device.</exception>
    public Action<TIndex, T1, T2, T3, T4> LoadKernel<TIndex, T1, T2, T3, T4>(Action<TIndex, T1, T2, T3, T4> kernel)
        where TIndex : struct, IIndex
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Action<AcceleratorStream, TIndex, T1, T2, T3, T4> launch = Load(kernel, a => a.LoadAutoGroupedKernel(kernel));
        string name = KernelNames.Of(kernel.Method);
        AcceleratorStream stream = Stream;
        return (extent, p1, p2, p3, p4) =>
        {
            _lastKernel = name;
            try
            {
                launch(stream, extent, p1, p2, p3, p4);
            }
            catch (Exception ex)
            {
                throw KernelFault(0, name, ex, "at launch");
            }
        };
    }

    /// <summary>
    /// Gets the kernel compiled for this task's accelerator (compiling it on first use, once per accelerator), as a
    /// launcher that runs it auto-grouped on the task's <see cref="Stream"/>.
    /// </summary>
    /// <typeparam name="TIndex">The index type (Index1D, Index2D, Index3D, LongIndex1D...).</typeparam>
    /// <typeparam name="T1">The type of kernel parameter 1.</typeparam>
    /// <typeparam name="T2">The type of kernel parameter 2.</typeparam>
    /// <typeparam name="T3">The type of kernel parameter 3.</typeparam>
    /// <typeparam name="T4">The type of kernel parameter 4.</typeparam>
    /// <typeparam name="T5">The type of kernel parameter 5.</typeparam>
    /// <param name="kernel">A static kernel method.</param>
    /// <returns>A launcher for this task: (extent, arguments...). A failed launch throws <see cref="GpuTaskException"/>.</returns>
    /// <exception cref="GpuTaskException">The kernel does not compile for the device.</exception>
    public Action<TIndex, T1, T2, T3, T4, T5> LoadKernel<TIndex, T1, T2, T3, T4, T5>(Action<TIndex, T1, T2, T3, T4, T5> kernel)
        where TIndex : struct, IIndex
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Action<AcceleratorStream, TIndex, T1, T2, T3, T4, T5> launch = Load(kernel, a => a.LoadAutoGroupedKernel(kernel));
        string name = KernelNames.Of(kernel.Method);
        AcceleratorStream stream = Stream;
        return (extent, p1, p2, p3, p4, p5) =>
        {
            _lastKernel = name;
            try
            {
                launch(stream, extent, p1, p2, p3, p4, p5);
            }
            catch (Exception ex)
            {
                throw KernelFault(0, name, ex, "at launch");
            }
        };
    }

    /// <summary>
    /// Gets the kernel compiled for this task's accelerator (compiling it on first use, once per accelerator), as a
    /// launcher that runs it auto-grouped on the task's <see cref="Stream"/>.
    /// </summary>
    /// <typeparam name="TIndex">The index type (Index1D, Index2D, Index3D, LongIndex1D...).</typeparam>
    /// <typeparam name="T1">The type of kernel parameter 1.</typeparam>
    /// <typeparam name="T2">The type of kernel parameter 2.</typeparam>
    /// <typeparam name="T3">The type of kernel parameter 3.</typeparam>
    /// <typeparam name="T4">The type of kernel parameter 4.</typeparam>
    /// <typeparam name="T5">The type of kernel parameter 5.</typeparam>
    /// <typeparam name="T6">The type of kernel parameter 6.</typeparam>
    /// <param name="kernel">A static kernel method.</param>
    /// <returns>A launcher for this task: (extent, arguments...). A failed launch throws <see cref="GpuTaskException"/>.</returns>
    /// <exception cref="GpuTaskException">The kernel does not compile for the device.</exception>
    public Action<TIndex, T1, T2, T3, T4, T5, T6> LoadKernel<TIndex, T1, T2, T3, T4, T5, T6>(Action<TIndex, T1, T2, T3, T4, T5, T6> kernel)
        where TIndex : struct, IIndex
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Action<AcceleratorStream, TIndex, T1, T2, T3, T4, T5, T6> launch = Load(kernel, a => a.LoadAutoGroupedKernel(kernel));
        string name = KernelNames.Of(kernel.Method);
        AcceleratorStream stream = Stream;
        return (extent, p1, p2, p3, p4, p5, p6) =>
        {
            _lastKernel = name;
            try
            {
                launch(stream, extent, p1, p2, p3, p4, p5, p6);
            }
            catch (Exception ex)
            {
                throw KernelFault(0, name, ex, "at launch");
            }
        };
    }

    /// <summary>
    /// Gets the explicitly grouped kernel compiled for this task's accelerator (once per accelerator), as a launcher
    /// that runs it on the task's <see cref="Stream"/> with the grid and group sizes you give.
    /// </summary>
    /// <typeparam name="T1">The type of kernel parameter 1.</typeparam>
    /// <param name="kernel">A static kernel method that reads <c>Grid</c> and <c>Group</c> indices.</param>
    /// <returns>A launcher for this task: (config, arguments...). A failed launch throws <see cref="GpuTaskException"/>.</returns>
    /// <exception cref="GpuTaskException">The kernel does not compile for the device.</exception>
    public Action<KernelConfig, T1> LoadGroupedKernel<T1>(Action<T1> kernel)
        where T1 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Action<AcceleratorStream, KernelConfig, T1> launch = Load(kernel, a => a.LoadKernel(kernel));
        string name = KernelNames.Of(kernel.Method);
        AcceleratorStream stream = Stream;
        return (config, p1) =>
        {
            _lastKernel = name;
            try
            {
                launch(stream, config, p1);
            }
            catch (Exception ex)
            {
                throw KernelFault(0, name, ex, "at launch");
            }
        };
    }

    /// <summary>
    /// Gets the explicitly grouped kernel compiled for this task's accelerator (once per accelerator), as a launcher
    /// that runs it on the task's <see cref="Stream"/> with the grid and group sizes you give.
    /// </summary>
    /// <typeparam name="T1">The type of kernel parameter 1.</typeparam>
    /// <typeparam name="T2">The type of kernel parameter 2.</typeparam>
    /// <param name="kernel">A static kernel method that reads <c>Grid</c> and <c>Group</c> indices.</param>
    /// <returns>A launcher for this task: (config, arguments...). A failed launch throws <see cref="GpuTaskException"/>.</returns>
    /// <exception cref="GpuTaskException">The kernel does not compile for the device.</exception>
    public Action<KernelConfig, T1, T2> LoadGroupedKernel<T1, T2>(Action<T1, T2> kernel)
        where T1 : struct
        where T2 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Action<AcceleratorStream, KernelConfig, T1, T2> launch = Load(kernel, a => a.LoadKernel(kernel));
        string name = KernelNames.Of(kernel.Method);
        AcceleratorStream stream = Stream;
        return (config, p1, p2) =>
        {
            _lastKernel = name;
            try
            {
                launch(stream, config, p1, p2);
            }
            catch (Exception ex)
            {
                throw KernelFault(0, name, ex, "at launch");
            }
        };
    }

    /// <summary>
    /// Gets the explicitly grouped kernel compiled for this task's accelerator (once per accelerator), as a launcher
    /// that runs it on the task's <see cref="Stream"/> with the grid and group sizes you give.
    /// </summary>
    /// <typeparam name="T1">The type of kernel parameter 1.</typeparam>
    /// <typeparam name="T2">The type of kernel parameter 2.</typeparam>
    /// <typeparam name="T3">The type of kernel parameter 3.</typeparam>
    /// <param name="kernel">A static kernel method that reads <c>Grid</c> and <c>Group</c> indices.</param>
    /// <returns>A launcher for this task: (config, arguments...). A failed launch throws <see cref="GpuTaskException"/>.</returns>
    /// <exception cref="GpuTaskException">The kernel does not compile for the device.</exception>
    public Action<KernelConfig, T1, T2, T3> LoadGroupedKernel<T1, T2, T3>(Action<T1, T2, T3> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Action<AcceleratorStream, KernelConfig, T1, T2, T3> launch = Load(kernel, a => a.LoadKernel(kernel));
        string name = KernelNames.Of(kernel.Method);
        AcceleratorStream stream = Stream;
        return (config, p1, p2, p3) =>
        {
            _lastKernel = name;
            try
            {
                launch(stream, config, p1, p2, p3);
            }
            catch (Exception ex)
            {
                throw KernelFault(0, name, ex, "at launch");
            }
        };
    }

    /// <summary>
    /// Gets the explicitly grouped kernel compiled for this task's accelerator (once per accelerator), as a launcher
    /// that runs it on the task's <see cref="Stream"/> with the grid and group sizes you give.
    /// </summary>
    /// <typeparam name="T1">The type of kernel parameter 1.</typeparam>
    /// <typeparam name="T2">The type of kernel parameter 2.</typeparam>
    /// <typeparam name="T3">The type of kernel parameter 3.</typeparam>
    /// <typeparam name="T4">The type of kernel parameter 4.</typeparam>
    /// <param name="kernel">A static kernel method that reads <c>Grid</c> and <c>Group</c> indices.</param>
    /// <returns>A launcher for this task: (config, arguments...). A failed launch throws <see cref="GpuTaskException"/>.</returns>
    /// <exception cref="GpuTaskException">The kernel does not compile for the device.</exception>
    public Action<KernelConfig, T1, T2, T3, T4> LoadGroupedKernel<T1, T2, T3, T4>(Action<T1, T2, T3, T4> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Action<AcceleratorStream, KernelConfig, T1, T2, T3, T4> launch = Load(kernel, a => a.LoadKernel(kernel));
        string name = KernelNames.Of(kernel.Method);
        AcceleratorStream stream = Stream;
        return (config, p1, p2, p3, p4) =>
        {
            _lastKernel = name;
            try
            {
                launch(stream, config, p1, p2, p3, p4);
            }
            catch (Exception ex)
            {
                throw KernelFault(0, name, ex, "at launch");
            }
        };
    }

    /// <summary>
    /// Gets the explicitly grouped kernel compiled for this task's accelerator (once per accelerator), as a launcher
    /// that runs it on the task's <see cref="Stream"/> with the grid and group sizes you give.
    /// </summary>
    /// <typeparam name="T1">The type of kernel parameter 1.</typeparam>
    /// <typeparam name="T2">The type of kernel parameter 2.</typeparam>
    /// <typeparam name="T3">The type of kernel parameter 3.</typeparam>
    /// <typeparam name="T4">The type of kernel parameter 4.</typeparam>
    /// <typeparam name="T5">The type of kernel parameter 5.</typeparam>
    /// <param name="kernel">A static kernel method that reads <c>Grid</c> and <c>Group</c> indices.</param>
    /// <returns>A launcher for this task: (config, arguments...). A failed launch throws <see cref="GpuTaskException"/>.</returns>
    /// <exception cref="GpuTaskException">The kernel does not compile for the device.</exception>
    public Action<KernelConfig, T1, T2, T3, T4, T5> LoadGroupedKernel<T1, T2, T3, T4, T5>(Action<T1, T2, T3, T4, T5> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Action<AcceleratorStream, KernelConfig, T1, T2, T3, T4, T5> launch = Load(kernel, a => a.LoadKernel(kernel));
        string name = KernelNames.Of(kernel.Method);
        AcceleratorStream stream = Stream;
        return (config, p1, p2, p3, p4, p5) =>
        {
            _lastKernel = name;
            try
            {
                launch(stream, config, p1, p2, p3, p4, p5);
            }
            catch (Exception ex)
            {
                throw KernelFault(0, name, ex, "at launch");
            }
        };
    }

    /// <summary>
    /// Gets the explicitly grouped kernel compiled for this task's accelerator (once per accelerator), as a launcher
    /// that runs it on the task's <see cref="Stream"/> with the grid and group sizes you give.
    /// </summary>
    /// <typeparam name="T1">The type of kernel parameter 1.</typeparam>
    /// <typeparam name="T2">The type of kernel parameter 2.</typeparam>
    /// <typeparam name="T3">The type of kernel parameter 3.</typeparam>
    /// <typeparam name="T4">The type of kernel parameter 4.</typeparam>
    /// <typeparam name="T5">The type of kernel parameter 5.</typeparam>
    /// <typeparam name="T6">The type of kernel parameter 6.</typeparam>
    /// <param name="kernel">A static kernel method that reads <c>Grid</c> and <c>Group</c> indices.</param>
    /// <returns>A launcher for this task: (config, arguments...). A failed launch throws <see cref="GpuTaskException"/>.</returns>
    /// <exception cref="GpuTaskException">The kernel does not compile for the device.</exception>
    public Action<KernelConfig, T1, T2, T3, T4, T5, T6> LoadGroupedKernel<T1, T2, T3, T4, T5, T6>(Action<T1, T2, T3, T4, T5, T6> kernel)
        where T1 : struct
        where T2 : struct
        where T3 : struct
        where T4 : struct
        where T5 : struct
        where T6 : struct
    {
        ArgumentNullException.ThrowIfNull(kernel);
        Action<AcceleratorStream, KernelConfig, T1, T2, T3, T4, T5, T6> launch = Load(kernel, a => a.LoadKernel(kernel));
        string name = KernelNames.Of(kernel.Method);
        AcceleratorStream stream = Stream;
        return (config, p1, p2, p3, p4, p5, p6) =>
        {
            _lastKernel = name;
            try
            {
                launch(stream, config, p1, p2, p3, p4, p5, p6);
            }
            catch (Exception ex)
            {
                throw KernelFault(0, name, ex, "at launch");
            }
        };
    }

    private TDelegate Load<TDelegate>(Delegate kernel, Func<Accelerator, TDelegate> load, string? variant = null)
        where TDelegate : Delegate
    {
        try
        {
            return _generations[0].GetOrLoad(kernel.Method, variant, load);
        }
        catch (Exception ex)
        {
            _faultSeen = true;
            throw new GpuTaskException(
                $"Kernel '{KernelNames.Of(kernel.Method)}' could not be loaded on {Describe(Device)}: {ex.GetType().Name}: {ex.Message}",
                Device,
                KernelNames.Of(kernel.Method),
                ex);
        }
    }

    /// <summary>
    /// Records a kernel fault: the task sees it, and later tasks get a fresh accelerator (unless the arguments were
    /// wrong), or, after an error that CUDA makes permanent for the process, find the device lost.
    /// </summary>
    private GpuTaskException KernelFault(int position, string kernel, Exception ex, string phase)
    {
        _faultSeen = true;
        GpuDeviceInfo device = Devices[position];
        string? sticky = CudaFaults.StickyError(ex);
        if (ex is not ArgumentException)
        {
            string? lostCause = sticky is null ? null : $"kernel '{kernel}' in task '{TaskContext.Name}' hit {sticky}";
            _owners[position].MarkFaulted(_generations[position], lostCause);
        }

        string consequence = sticky is null
            ? string.Empty
            : $" (CUDA makes {sticky} permanent for the process: GPU {device.Index} is lost to it until it restarts)";
        return new GpuTaskException(
            $"Kernel '{kernel}' failed {phase} on {Describe(device)} in task '{TaskContext.Name}': {ex.GetType().Name}: {ex.Message}{consequence}",
            device,
            kernel,
            ex);
    }
}
