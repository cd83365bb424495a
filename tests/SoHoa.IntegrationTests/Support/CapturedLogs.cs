using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SoHoa.IntegrationTests.Support;

/// <summary>A logger provider that keeps every entry: its event, its formatted message and the exception object logged with it.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(EventId Event, string Message, Exception? Exception)> _entries = new();

    /// <summary>Every entry, in the order logged.</summary>
    public IEnumerable<(EventId Event, string Message, Exception? Exception)> Entries => _entries;

    /// <summary>Every entry as text: the message, then the exception (with its stack) when there is one.</summary>
    public IEnumerable<string> Messages => _entries.Select(e => e.Message + (e.Exception is null ? string.Empty : "\n" + e.Exception));

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._entries.Enqueue((eventId, formatter(state, exception), exception));
    }
}
