using System.Globalization;

namespace ResumableUpload.Cli.Output;

/// <summary>How progress is shown.</summary>
internal enum ProgressMode
{
    /// <summary>A bar redrawn in place, when stderr is a terminal.</summary>
    Bar,

    /// <summary>Plain lines at an interval, when stderr is redirected.</summary>
    Lines,

    /// <summary>Nothing.</summary>
    None,
}

/// <summary>
/// Shows upload progress on stderr with rate and ETA. The rate counts only bytes sent by this run (not what a resume
/// found done), so the ETA is honest after a resume. Reports arrive from one thread (the committer).
/// Showing progress is a courtesy: a failure to render or write it turns the display off and never fails the upload.
/// </summary>
internal sealed class ProgressRenderer : IProgress<UploadProgress>
{
    private const int MaxBarWidth = 30;
    private const int MinBarWidth = 10;
    private static readonly TimeSpan BarRedraw = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxEta = TimeSpan.FromDays(100);
    private readonly TextWriter output;
    private readonly TimeSpan lineInterval;
    private readonly Func<int> columns;
    private readonly TimeProvider time;
    private readonly long started;
    private readonly BarLine barLine;
    private ProgressMode mode;

    // Null until the first frame or line: "never drawn" is a state, not a sentinel time to subtract from.
    private TimeSpan? lastDraw;
    private UploadProgress last;
    private UploadProgress drawn;
    private bool sawFirstReport;
    private bool drewBar;

    /// <param name="output">Where progress goes (stderr).</param>
    /// <param name="mode">Bar, lines or nothing.</param>
    /// <param name="lineInterval">The least time between two lines in <see cref="ProgressMode.Lines"/>.</param>
    /// <param name="columns">The terminal's width in columns (the bar is kept narrower, so it never wraps); the console's by default.</param>
    /// <param name="time">The clock for rates and redraw intervals; the system's by default.</param>
    public ProgressRenderer(TextWriter output, ProgressMode mode, TimeSpan lineInterval, Func<int>? columns = null, TimeProvider? time = null)
    {
        this.time = time ?? TimeProvider.System;
        started = this.time.GetTimestamp();
        this.output = output;
        this.mode = mode;
        this.lineInterval = lineInterval;
        this.columns = columns ?? TerminalWidth.Columns;
        barLine = BarLine.For(output);
    }

    internal UploadProgress Last => last;

    private TimeSpan Elapsed => time.GetElapsedTime(started);

    public void Report(UploadProgress value)
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
                Render(value);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                GiveUp(ex);
            }
        }
    }

    /// <summary>
    /// Redraws the bar with the last report if a throttled redraw left it behind (after Ctrl-C it then shows the parts
    /// really recorded), and ends its line so later output starts on a new one.
    /// </summary>
    public void Finish()
    {
        lock (barLine)
        {
            if (!drewBar)
            {
                return;
            }

            drewBar = false;
            try
            {
                if (mode == ProgressMode.Bar && (last != drawn || barLine.Length == 0))
                {
                    DrawBar(last, Elapsed);
                }

                barLine.Length = 0;
                output.WriteLine();
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                mode = ProgressMode.None;
                barLine.Length = 0;
            }
        }
    }

    private void Render(UploadProgress value)
    {
        var now = Elapsed;
        var first = !sawFirstReport;
        sawFirstReport = true;
        if (first && value.ResumedBytes > 0)
        {
            // Said once, on its own line, so whoever reran the command sees at once that nothing is sent twice.
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"rupload: resuming: {value.CompletedParts} of {value.TotalParts} parts ({ByteFormat.Size(value.ResumedBytes)}) were uploaded by an earlier run"));
        }

        // A stream's part count is known only at its end (0 until then).
        var final = value.TotalParts > 0 && value.CompletedParts >= value.TotalParts;
        var due = final || lastDraw is not { } previous || now - previous >= (mode == ProgressMode.Bar ? BarRedraw : lineInterval);
        if (!due)
        {
            return;
        }

        if (mode == ProgressMode.Bar)
        {
            DrawBar(value, now);
        }
        else
        {
            output.WriteLine("progress " + Describe(value, now));
        }

        lastDraw = now;
    }

    private void DrawBar(UploadProgress value, TimeSpan now)
    {
        var frame = Frame(value, now, columns());

        // Blank out what a longer previous frame left on the line.
        output.Write("\r" + frame + new string(' ', Math.Max(0, barLine.Length - frame.Length)));
        output.Flush();
        barLine.Length = frame.Length;
        drewBar = true;
        drawn = value;
    }

    /// <summary>
    /// One frame of the bar, at most <paramref name="width"/> - 1 columns (a full row wraps on some terminals). The bar
    /// keeps one width for the whole upload (sized for the text it typically reaches), so it does not jump as digits grow.
    /// </summary>
    internal static string Frame(UploadProgress value, TimeSpan elapsed, int width)
    {
        var room = Math.Max(width, 20) - 1;
        var text = Describe(value, elapsed);
        if (!value.IsTotalKnown)
        {
            // A stream without a size hint: no bar to fill, bytes and rate only.
            return text.Length <= room ? text : text[..room];
        }

        var widest = string.Create(CultureInfo.InvariantCulture, $"100.0% {ByteFormat.Size(value.TotalBytes)} of {ByteFormat.Size(value.TotalBytes)}, parts {value.TotalParts}/{value.TotalParts}, 999.9 MiB/s, ETA 59:59");
        var barWidth = Math.Min(MaxBarWidth, room - Math.Max(widest.Length, text.Length) - 3);
        if (barWidth < MinBarWidth)
        {
            return text.Length <= room ? text : text[..room];
        }

        var filled = (int)Math.Floor(Math.Clamp(value.Fraction, 0, 1) * barWidth); // full only when done
        return "[" + new string('#', filled) + new string('.', barWidth - filled) + "] " + text;
    }

    private static string Describe(UploadProgress p, TimeSpan elapsed)
    {
        var sent = p.TransferredBytes - p.ResumedBytes;
        var rate = elapsed.TotalSeconds > 0 ? sent / elapsed.TotalSeconds : 0;
        if (!p.IsTotalKnown)
        {
            var verified = p.ResumedBytes > 0 ? $" ({ByteFormat.Size(p.ResumedBytes)} verified, not sent)" : string.Empty;
            return $"{ByteFormat.Size(p.TransferredBytes)}{verified}, parts {p.CompletedParts}, {ByteFormat.Rate(rate)}";
        }

        var remaining = p.TotalBytes - p.TransferredBytes;
        var seconds = rate > 0 ? remaining / rate : double.PositiveInfinity;
        var eta = remaining <= 0 ? "0:00" : seconds < MaxEta.TotalSeconds ? ByteFormat.Duration(TimeSpan.FromSeconds(seconds)) : "?";
        var percent = (p.Fraction * 100).ToString("0.0", CultureInfo.InvariantCulture);
        return $"{percent,5}% {ByteFormat.Size(p.TransferredBytes)} of {ByteFormat.Size(p.TotalBytes)}, parts {p.CompletedParts}/{p.TotalParts}, {ByteFormat.Rate(rate)}, ETA {eta}";
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
            // The writer itself is what failed: stay silent, the upload matters more than its display.
        }
    }
}
