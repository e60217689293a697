using Microsoft.Extensions.Logging;

namespace ResumableUpload.Cli.Output;

/// <summary>
/// Writes log lines synchronously to stderr as <c>rupload: warning: …</c>: no background queue that a killed or
/// exiting process could lose, no stack traces, nothing but the library's messages (which never hold credentials).
/// While a live display runs, the lines go above it.
/// </summary>
internal sealed class StderrLoggerProvider(StderrSink error) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new StderrLogger(error);

    public void Dispose()
    {
    }

    private sealed class StderrLogger(StderrSink error) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = logLevel switch
            {
                LogLevel.Warning => "warning",
                LogLevel.Error or LogLevel.Critical => "error",
                _ => "info",
            };
            error.WriteLine($"rupload: {level}: {formatter(state, exception)}");
        }
    }
}
