using System.Collections.Concurrent;
using Spectre.Console;

namespace ResumableUpload.Cli.Output.Live;

/// <summary>
/// The live progress display on a terminal (Spectre.Console): a row per upload, with a bar, the bytes, parts, rate
/// and ETA; for a batch, the batch's row first, then the files in flight. Redrawn at most every 250 ms; lines written
/// to stderr meanwhile (warnings, the resume notice) go above it. On the way out (done, failed or Ctrl-C) it draws the
/// last reports, so the screen shows what was really recorded.
/// </summary>
internal sealed class LiveDisplay
{
    /// <summary>The widest text a row reaches, typically; the bar takes what is left of the row, up to 30 columns.</summary>
    private const int TextWidth = 64;
    private static readonly TimeSpan Redraw = TimeSpan.FromMilliseconds(250);
    private readonly ConcurrentDictionary<LiveRow, ProgressTask> tasks = new(ReferenceEqualityComparer.Instance);
    private readonly ProgressContext context;
    private readonly StderrSink sink;
    private readonly TimeProvider time;

    private LiveDisplay(ProgressContext context, StderrSink sink, TimeProvider time)
    {
        this.context = context;
        this.sink = sink;
        this.time = time;
    }

    public static async Task<T> RunAsync<T>(IAnsiConsole console, StderrSink sink, Func<LiveDisplay, Task<T>> body, TimeProvider? time = null)
    {
        // One column less than the terminal's width: a full row wraps on some terminals.
        var room = Math.Max(console.Profile.Width, 20) - 1;
        var barWidth = Math.Min(30, room - TextWidth - 1);
        ProgressColumn[] columns = barWidth >= 10 ? [new BarColumn(barWidth), new TextColumn(room - barWidth - 1)] : [new TextColumn(room)];
        var progress = new Progress(console) { RefreshRate = Redraw, AutoClear = false }.Columns(columns).ExcludeVerticalPadding();
        using var above = sink.Attach(console);
        return await progress.StartAsync(async context =>
        {
            try
            {
                return await body(new LiveDisplay(context, sink, time ?? TimeProvider.System)).ConfigureAwait(false);
            }
            finally
            {
                context.Refresh();
            }
        }).ConfigureAwait(false);
    }

    /// <summary>Adds a row for an upload; <paramref name="label"/> names the file in a batch (null for a single upload).</summary>
    public UploadRow AddUpload(string? label) => Add(new UploadRow(label, sink, time));

    public BatchRow AddBatch() => Add(new BatchRow());

    /// <summary>Takes a finished file's row away.</summary>
    public void Remove(LiveRow row)
    {
        if (tasks.TryRemove(row, out var task))
        {
            context.RemoveTask(task);
        }
    }

    private T Add<T>(T row)
        where T : LiveRow
    {
        var task = context.AddTask(row.GetType().Name, new ProgressTaskSettings { AutoStart = true, MaxValue = 1 });
        task.Tag = row;
        tasks[row] = task;
        return row;
    }
}
