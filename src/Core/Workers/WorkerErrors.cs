using System.Reflection;
using System.Runtime.ExceptionServices;

using GpuRay.Errors;

namespace GpuRay.Workers;

/// <summary>Turns an exception a worker reported back into one the task's caller can catch by type.</summary>
internal static class WorkerErrors
{
    /// <summary>
    /// The exception as its own type (with the message, and the worker's text as its remote stack trace) when the type
    /// loads here and has a public constructor taking a message; otherwise a <see cref="WorkerTaskException"/>.
    /// </summary>
    public static Exception Rebuild(WorkerFailure failure)
    {
        Type? type = Type.GetType(failure.Type, throwOnError: false);
        if (type is not null && typeof(Exception).IsAssignableFrom(type) && !type.IsAbstract
            && type.GetConstructor(BindingFlags.Public | BindingFlags.Instance, [typeof(string)]) is { } constructor)
        {
            try
            {
                var rebuilt = (Exception)constructor.Invoke([failure.Message]);
                return ExceptionDispatchInfo.SetRemoteStackTrace(rebuilt, $"--- In the worker process ---{Environment.NewLine}{failure.Details}{Environment.NewLine}");
            }
            catch (TargetInvocationException)
            {
                // The constructor rejected the message: fall back to the stand-in.
            }
        }

        return new WorkerTaskException(failure.Type, failure.Message, failure.Details);
    }
}
