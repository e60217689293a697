namespace ResumableUpload.Cli.Output.Live;

/// <summary>One upload's row: its last report, with the rate and ETA of this run (<see cref="ProgressText"/>).</summary>
internal sealed class UploadRow(string? label, StderrSink sink, TimeProvider time) : LiveRow, IProgress<UploadProgress>
{
    private const int LabelWidth = 16;
    private readonly long started = time.GetTimestamp();

    // Reports come from the engine's thread, renders from the display's: both fields are read and written under the lock.
    private readonly Lock gate = new();
    private UploadProgress last;
    private bool sawFirstReport;

    // The rate and ETA stop at the last part: the upload's figures, not a rate that decays while the object completes.
    private TimeSpan? finishedAfter;

    public override double Fraction
    {
        get
        {
            lock (gate)
            {
                return last.TotalParts == 0 ? 0 : last.SentFraction;
            }
        }
    }

    public override string Text
    {
        get
        {
            UploadProgress progress;
            TimeSpan elapsed;
            bool reported;
            lock (gate)
            {
                progress = last;
                elapsed = finishedAfter ?? time.GetElapsedTime(started);
                reported = sawFirstReport;
            }

            // Before the first report the sizes are not known yet (the source is being opened, the upload started).
            var text = reported ? ProgressText.Describe(progress, elapsed) : "starting…";
            return label is null ? text : Shorten(label) + " " + text;
        }
    }

    public void Report(UploadProgress value)
    {
        bool first;
        lock (gate)
        {
            first = !sawFirstReport;
            sawFirstReport = true;
            last = value;
            if (ProgressText.IsFinal(value))
            {
                finishedAfter ??= time.GetElapsedTime(started);
            }
        }

        if (first && value.ResumedBytes > 0)
        {
            // Said once, above the display, so whoever reran the command sees at once that nothing is sent twice.
            sink.WriteLine(ProgressText.Resuming(value));
        }
    }

    private static string Shorten(string text) => text.Length <= LabelWidth ? text.PadRight(LabelWidth) : "…" + text[^(LabelWidth - 1)..];
}
