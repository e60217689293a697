using Microsoft.Extensions.Logging;
using ResumableUpload.Cli.Output;

namespace ResumableUpload.Cli;

/// <summary>What every command gets: output streams, the environment, and the process's cancellation.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellation)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public Func<string, string?> Environment { get; } = environment;

    public CancellationToken Cancellation { get; } = cancellation;

    public bool ErrorIsTerminal { get; init; }

    public ILoggerFactory CreateLoggerFactory(bool verbose) => LoggerFactory.Create(logging =>
    {
        logging.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
        logging.AddProvider(new StderrLoggerProvider(Error));
    });
}
