using System.Diagnostics;
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
/// </summary>
internal sealed class ProgressRenderer(TextWriter output, ProgressMode mode, TimeSpan lineInterval) : IProgress<UploadProgress>
{
    private const int BarWidth = 30;
    private static readonly TimeSpan BarRedraw = TimeSpan.FromMilliseconds(100);
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly object gate = new();
    private TimeSpan lastDraw = TimeSpan.MinValue;
    private UploadProgress last;
    private bool drewBar;

    public void Report(UploadProgress value)
    {
        lock (gate)
        {
            last = value;
            var now = clock.Elapsed;
            var final = value.CompletedParts >= value.TotalParts;
            switch (mode)
            {
                case ProgressMode.Bar when final || now - lastDraw >= BarRedraw:
                    output.Write("\r" + Describe(value, now, bar: true) + "   ");
                    drewBar = true;
                    lastDraw = now;
                    break;
                case ProgressMode.Lines when final || lastDraw == TimeSpan.MinValue || now - lastDraw >= lineInterval:
                    output.WriteLine("progress " + Describe(value, now, bar: false));
                    lastDraw = now;
                    break;
            }
        }
    }

    /// <summary>Ends the bar's line so later output starts on a new one.</summary>
    public void Finish()
    {
        lock (gate)
        {
            if (drewBar)
            {
                output.WriteLine();
                drewBar = false;
            }
        }
    }

    internal UploadProgress Last => last;

    private static string Describe(UploadProgress p, TimeSpan elapsed, bool bar)
    {
        var sent = p.TransferredBytes - p.ResumedBytes;
        var rate = elapsed.TotalSeconds > 0 ? sent / elapsed.TotalSeconds : 0;
        var remaining = p.TotalBytes - p.TransferredBytes;
        var eta = rate > 0 ? ByteFormat.Duration(TimeSpan.FromSeconds(remaining / rate)) : "?";
        var percent = (p.Fraction * 100).ToString("0.0", CultureInfo.InvariantCulture);
        var text = $"{percent,5}% {ByteFormat.Size(p.TransferredBytes)} of {ByteFormat.Size(p.TotalBytes)}, parts {p.CompletedParts}/{p.TotalParts}, {ByteFormat.Rate(rate)}, ETA {eta}";
        if (!bar)
        {
            return text;
        }

        var filled = (int)Math.Round(p.Fraction * BarWidth);
        return "[" + new string('#', filled) + new string('.', BarWidth - filled) + "] " + text;
    }
}
