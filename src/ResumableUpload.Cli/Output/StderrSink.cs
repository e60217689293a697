using Spectre.Console;

namespace ResumableUpload.Cli.Output;

/// <summary>
/// Where stderr lines go: straight to the writer, or, while a live display runs, through its console, which puts
/// each line above the display instead of through it. Log lines and messages take this one path.
/// </summary>
internal sealed class StderrSink(TextWriter writer)
{
    private readonly Lock gate = new();
    private IAnsiConsole? live;

    public TextWriter Writer => writer;

    public void WriteLine(string line)
    {
        lock (gate)
        {
            if (live is { } console)
            {
                console.Write(new Text(line + "\n"));
            }
            else
            {
                writer.WriteLine(line);
            }
        }
    }

    /// <summary>Sends lines through <paramref name="console"/> until the returned scope ends.</summary>
    public IDisposable Attach(IAnsiConsole console)
    {
        lock (gate)
        {
            live = console;
        }

        return new Detach(this);
    }

    private sealed class Detach(StderrSink sink) : IDisposable
    {
        public void Dispose()
        {
            lock (sink.gate)
            {
                sink.live = null;
            }
        }
    }
}
