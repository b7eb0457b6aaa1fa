using System.Collections.Concurrent;

using Microsoft.Extensions.Logging;

namespace GpuRay.Core.Tests.Support;

/// <summary>Captures log lines so that tests can assert on warnings and errors.</summary>
public sealed class ListLogger : ILoggerFactory, ILogger
{
    public ConcurrentQueue<(LogLevel Level, string Message)> Entries { get; } = new();

    /// <summary>Called with each entry as it is logged, on the logging thread.</summary>
    public Action<LogLevel, string>? OnEntry { get; set; }

    public IReadOnlyList<string> At(LogLevel level) => [.. Entries.Where(e => e.Level == level).Select(e => e.Message)];

    public ILogger CreateLogger(string categoryName) => this;

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        string message = formatter(state, exception);
        Entries.Enqueue((logLevel, message));
        OnEntry?.Invoke(logLevel, message);
    }

    public void Dispose()
    {
    }
}
