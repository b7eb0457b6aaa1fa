using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace GpuRay.Cli.Bench;

/// <summary>Keeps warnings from the libraries (such as the CUDA provider falling back to CPU) to print after the run.</summary>
internal sealed class CollectingLogger : ILogger
{
    private readonly ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => [.. _messages.Distinct()];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (IsEnabled(logLevel))
        {
            _messages.Enqueue($"{logLevel}: {formatter(state, exception)}");
        }
    }
}
