using System.Globalization;

namespace ResumableUpload.Cli.Output;

/// <summary>
/// Shows a batch's progress on stderr in the single-file renderer's style: files finished of found (found grows while
/// the directory is listed, shown with a '+'), bytes, the rate of bytes sent by this run, and an ETA once every file is
/// found. A bar redrawn in place on a terminal, a line per interval otherwise. Reports arrive one at a time (the
/// batch serializes them). A failure to render turns the display off and never fails the batch.
/// </summary>
internal sealed class BatchProgressRenderer : IProgress<BatchProgress>
{
    private const int BarWidth = 20;
    private static readonly TimeSpan BarRedraw = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxEta = TimeSpan.FromDays(100);
    private readonly TextWriter output;
    private readonly TimeSpan lineInterval;
    private readonly Func<int> columns;
    private readonly TimeProvider time;
    private readonly long started;
    private readonly BarLine barLine;
    private ProgressMode mode;
    private TimeSpan? lastDraw;
    private BatchProgress last;
    private BatchProgress drawn;
    private bool drewBar;
    private bool wroteLine;

    public BatchProgressRenderer(TextWriter output, ProgressMode mode, TimeSpan lineInterval, Func<int>? columns = null, TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
        started = this.time.GetTimestamp();
        this.output = output;
        this.mode = mode;
        this.lineInterval = lineInterval;
        this.columns = columns ?? TerminalWidth.Columns;
        barLine = BarLine.For(output);
    }

    public void Report(BatchProgress value)
    {
        lock (barLine)
        {
            last = value;
            if (mode == ProgressMode.None)
            {
                return;
            }

            try
            {
                var now = time.GetElapsedTime(started);
                if (lastDraw is { } previous && now - previous < (mode == ProgressMode.Bar ? BarRedraw : lineInterval))
                {
                    return;
                }

                Draw(value);
                lastDraw = now;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                GiveUp(ex);
            }
        }
    }

    /// <summary>Draws the last report if a throttled redraw left it behind, and ends the bar's line so the summary starts on a new one.</summary>
    public void Finish()
    {
        lock (barLine)
        {
            try
            {
                if ((drewBar || wroteLine) && last != drawn)
                {
                    Draw(last);
                }

                if (drewBar)
                {
                    barLine.Length = 0;
                    output.WriteLine();
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                barLine.Length = 0;
            }
            finally
            {
                drewBar = false;
                mode = ProgressMode.None;
            }
        }
    }

    private void Draw(BatchProgress value)
    {
        if (mode == ProgressMode.Bar)
        {
            var frame = Frame(value, columns());
            output.Write("\r" + frame + new string(' ', Math.Max(0, barLine.Length - frame.Length)));
            output.Flush();
            barLine.Length = frame.Length;
            drewBar = true;
        }
        else
        {
            output.WriteLine("progress " + Describe(value));
            wroteLine = true;
        }

        drawn = value;
    }

    /// <summary>One frame of the bar, at most <paramref name="width"/> - 1 columns; the bar is dropped when it does not fit.</summary>
    internal static string Frame(BatchProgress value, int width)
    {
        var room = Math.Max(width, 20) - 1;
        var text = Describe(value);
        if (text.Length + BarWidth + 3 > room)
        {
            return text.Length <= room ? text : text[..room];
        }

        var fraction = value.ListingComplete && value.BytesFound > 0 ? Math.Clamp((double)value.BytesDone / value.BytesFound, 0, 1) : 0;
        // Files are counted as found when they start, which can trail the end of the listing: full only with files.
        if (value.ListingComplete && value.FilesFound > 0 && value.FilesFinished >= value.FilesFound)
        {
            fraction = 1;
        }

        var filled = (int)Math.Floor(fraction * BarWidth);
        return "[" + new string('#', filled) + new string('.', BarWidth - filled) + "] " + text;
    }

    internal static string Describe(BatchProgress p)
    {
        var found = p.FilesFound.ToString(CultureInfo.InvariantCulture) + (p.ListingComplete ? string.Empty : "+");
        var extra = new List<string>(2);
        if (p.FilesSkipped > 0)
        {
            extra.Add(string.Create(CultureInfo.InvariantCulture, $"{p.FilesSkipped} skipped"));
        }

        if (p.FilesFailed > 0)
        {
            extra.Add(string.Create(CultureInfo.InvariantCulture, $"{p.FilesFailed} failed"));
        }

        var eta = p.EstimatedRemaining is { } remaining
            ? (remaining < MaxEta ? ByteFormat.Duration(remaining) : "?")
            : (p.ListingComplete && p.FilesFound > 0 && p.FilesFinished >= p.FilesFound ? "0:00" : "?");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"files {p.FilesFinished}/{found}{(extra.Count > 0 ? " (" + string.Join(", ", extra) + ")" : string.Empty)}, {ByteFormat.Size(p.BytesDone)} of {ByteFormat.Size(p.BytesFound)}{(p.ListingComplete ? string.Empty : "+")}, {ByteFormat.Rate(p.BytesPerSecond)}, ETA {eta}");
    }

    private void GiveUp(Exception ex)
    {
        var wasBar = barLine.Length > 0;
        mode = ProgressMode.None;
        barLine.Length = 0;
        drewBar = false;
        try
        {
            output.WriteLine((wasBar ? Environment.NewLine : string.Empty) + $"rupload: warning: progress display stopped ({ex.GetType().Name}: {ex.Message}); the upload goes on.");
        }
        catch (Exception writeFailure) when (writeFailure is not OutOfMemoryException)
        {
            // The writer itself is what failed: stay silent.
        }
    }
}
