using Microsoft.Extensions.Logging;

namespace ResumableUpload.Cli.Output;

/// <summary>
/// Writes log lines synchronously to stderr as <c>rupload: warning: …</c>: no background queue that a killed or
/// exiting process could lose, no stack traces, nothing but the library's messages (which never hold credentials).
/// </summary>
internal sealed class StderrLoggerProvider(TextWriter error) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new StderrLogger(error);

    public void Dispose()
    {
    }

    private sealed class StderrLogger(TextWriter error) : ILogger
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
            var bar = BarLine.For(error);
            lock (bar)
            {
                bar.Clear(error);
                error.WriteLine($"rupload: {level}: {formatter(state, exception)}");
            }
        }
    }
}
