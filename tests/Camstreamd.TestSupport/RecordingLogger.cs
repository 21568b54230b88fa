using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Camstreamd.TestSupport;

/// <summary>A real <see cref="ILogger{T}"/> that keeps every entry, so tests can assert what was logged and how often.</summary>
public sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<RecordedLogEntry> _entries = new();

    public IReadOnlyList<RecordedLogEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        _entries.Enqueue(new RecordedLogEntry(logLevel, eventId, formatter(state, exception), exception));
    }
}
