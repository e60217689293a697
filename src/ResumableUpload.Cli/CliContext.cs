using Microsoft.Extensions.Logging;
using ResumableUpload.Cli.Output;
using Spectre.Console;

namespace ResumableUpload.Cli;

/// <summary>What every command gets: output streams, the environment, and the process's cancellation.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, Func<string, string?> environment, CancellationToken cancellation)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>Gets stderr for lines that may come while a live display runs (logs, notices): they go above it.</summary>
    public StderrSink Stderr { get; } = new(error);

    public Func<string, string?> Environment { get; } = environment;

    public CancellationToken Cancellation { get; } = cancellation;

    public bool ErrorIsTerminal { get; init; }

    /// <summary>Gets a value indicating whether stdout is a terminal: <c>status</c> and <c>list</c> then draw tables.</summary>
    public bool OutIsTerminal { get; init; }

    /// <summary>Gets standard input (<c>--files-from -</c>).</summary>
    public TextReader In { get; init; } = TextReader.Null;

    /// <summary>Gets what opens standard input as bytes (<c>rupload upload - ...</c>).</summary>
    public Func<Stream> OpenInput { get; init; } = () => Stream.Null;

    /// <summary>
    /// Gets what a batch calls before it reads or sends anything: the real CLI re-executes itself there with the batch's
    /// runtime settings (<see cref="Hosting.BatchRuntime"/>); in process, for tests, nothing.
    /// </summary>
    public Action EnterBatchRuntime { get; init; } = static () => { };

    /// <summary>Gets or sets a value indicating whether <c>--json</c> was given: stdout then carries JSON lines only.</summary>
    public bool Json { get; set; }

    /// <summary>Gets or sets the terminal width for tests; <see langword="null"/> asks the terminal.</summary>
    public int? Columns { get; init; }

    /// <summary>A console for the live display on stderr (a terminal, or <c>--progress bar</c>).</summary>
    public IAnsiConsole LiveConsole() => Consoles.Create(Error, terminal: true, Environment, Columns);

    /// <summary>A console for tables on stdout: borders and colour on a terminal, plain text otherwise.</summary>
    public IAnsiConsole OutConsole() => Consoles.Create(Out, OutIsTerminal, Environment, Columns);

    // Built directly rather than through LoggerFactory.Create, which builds a service container first: that costs
    // about a sixth of the CLI's start-up (perf of a 16 MiB upload), for one provider and one level.
    public ILoggerFactory CreateLoggerFactory(bool verbose)
        => new LoggerFactory([new StderrLoggerProvider(Stderr)], new LoggerFilterOptions { MinLevel = verbose ? LogLevel.Information : LogLevel.Warning });
}
