using GpuRay.Errors;
using GpuRay.Objects;

namespace GpuRay;

public sealed partial class GpuRayRuntime
{
    /// <summary>
    /// Frees objects now, as Ray's <c>ray._private.internal_api.free</c>: their values are dropped and the store's
    /// byte counts fall at once, without waiting for the refs to be collected. A later Get or await of one throws
    /// <see cref="ObjectFreedException"/>, naming it.
    /// </summary>
    /// <param name="references">The objects to free; a ref that failed, or was freed before, is left as it is.</param>
    /// <remarks>
    /// <para>A task that waits for a freed object as its argument fails at once with <see cref="ObjectFreedException"/>,
    /// as after any failed dependency. A task whose argument was ready but that has not read it yet (queued for
    /// resources) fails when it starts, with a <see cref="TaskFailedException"/> whose inner exception is the
    /// <see cref="ObjectFreedException"/>; it is not retried. A task that already runs keeps the value it received.</para>
    /// <para>Freeing a task's result before the task has finished fails the ref now; the task is not cancelled (use
    /// <see cref="Cancel"/> for that): it runs on and its result is dropped when it arrives.</para>
    /// <para>Copies that worker processes keep for later calls are let go of as those workers evict them.</para>
    /// </remarks>
    /// <exception cref="ArgumentException">An element is null.</exception>
    public void Free(IEnumerable<ObjectRef> references)
    {
        ArgumentNullException.ThrowIfNull(references);
        int index = 0;
        foreach (ObjectRef reference in references)
        {
            if (reference is null)
            {
                throw new ArgumentException($"Free got null at index {index}; pass the refs to free.", nameof(references));
            }

            reference.FreeValue();
            index++;
        }
    }

    /// <summary>Frees objects now; see <see cref="Free(IEnumerable{ObjectRef})"/>.</summary>
    /// <exception cref="ArgumentException">An element is null.</exception>
    public void Free(params ObjectRef[] references) => Free((IEnumerable<ObjectRef>)references);
}
