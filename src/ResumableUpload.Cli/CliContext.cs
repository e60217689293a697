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

    /// <summary>Gets standard input (<c>--files-from -</c>).</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>Gets what opens standard input as bytes (<c>rupload upload - ...</c>).</summary>
    public Func<Stream> OpenInput { get; init; } = () => Stream.Null;

    // Built directly rather than through LoggerFactory.Create, which builds a service container first: that costs
    // about a sixth of the CLI's start-up (perf of a 16 MiB upload), for one provider and one level.
    public ILoggerFactory CreateLoggerFactory(bool verbose)
        => new LoggerFactory([new StderrLoggerProvider(Error)], new LoggerFilterOptions { MinLevel = verbose ? LogLevel.Information : LogLevel.Warning });
}
