using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;

namespace SendImprovement.Web.Tests.Security;

/// <summary>One line the app logged: its category, its text and the scopes it was logged in.</summary>
public sealed record CapturedLog(string Category, LogLevel Level, string Message, string Everything, IReadOnlyDictionary<string, string?> Scope);

/// <summary>Keeps every line the app logs, at every level, with the values of the scopes around it.</summary>
public sealed class LogCapture : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _lines = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Lines => [.. _lines];

    public void Clear() => _lines.Clear();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            var everything = new StringBuilder(message).Append(' ').Append(exception);
            var scope = new Dictionary<string, string?>();
            owner._scopes.ForEachScope(
                (value, _) =>
                {
                    everything.Append(' ').Append(value);
                    if (value is IEnumerable<KeyValuePair<string, object?>> pairs)
                    {
                        foreach (var (key, item) in pairs)
                        {
                            scope[key] = item?.ToString();
                            everything.Append(' ').Append(key).Append('=').Append(item);
                        }
                    }
                },
                (object?)null);
            if (state is IEnumerable<KeyValuePair<string, object?>> values)
            {
                foreach (var (key, item) in values)
                {
                    everything.Append(' ').Append(key).Append('=').Append(item);
                }
            }

            owner._lines.Enqueue(new CapturedLog(category, logLevel, message, everything.ToString(), scope));
        }
    }
}
