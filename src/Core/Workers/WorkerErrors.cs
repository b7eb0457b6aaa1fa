using System.Reflection;
using System.Runtime.ExceptionServices;

using GpuRay.Errors;

namespace GpuRay.Workers;

/// <summary>Turns an exception a worker reported back into one the task's caller can catch by type.</summary>
internal static class WorkerErrors
{
    /// <summary>
    /// The exception as its own type, with its message, its causes (rebuilt the same way) and the worker's text as
    /// its remote stack trace, when the type loads here and has a public constructor taking a message (and a cause);
    /// otherwise a <see cref="WorkerTaskException"/>. What only the worker had (Data, HResult, ParamName) stays there,
    /// in the text.
    /// </summary>
    public static Exception Rebuild(WorkerFailure failure)
    {
        Exception[] causes = [.. (failure.Inner ?? []).Select(Rebuild)];
        Exception rebuilt = Create(failure, causes) ?? new WorkerTaskException(failure.Type, failure.Message, failure.Details);
        return ExceptionDispatchInfo.SetRemoteStackTrace(rebuilt, $"--- In the worker process ---{Environment.NewLine}{failure.Details}{Environment.NewLine}");
    }

    private static Exception? Create(WorkerFailure failure, Exception[] causes)
    {
        Type? type = Type.GetType(failure.Type, throwOnError: false);
        if (type is null || !typeof(Exception).IsAssignableFrom(type) || type.IsAbstract)
        {
            return null;
        }

        if (type == typeof(AggregateException))
        {
            // Its message is the worker's, which already lists the causes.
            return new AggregateException(failure.Message, causes);
        }

        // (message, cause) first: for ArgumentNullException and its kin a lone string is a parameter name, not a message.
        const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance;
        try
        {
            if (type.GetConstructor(Public, [typeof(string), typeof(Exception)]) is { } withCause)
            {
                return (Exception)withCause.Invoke([failure.Message, causes.FirstOrDefault()]);
            }

            return type.GetConstructor(Public, [typeof(string)]) is { } withMessage ? (Exception)withMessage.Invoke([failure.Message]) : null;
        }
        catch (TargetInvocationException)
        {
            // The constructor rejected the message: the stand-in carries it instead.
            return null;
        }
    }
}
