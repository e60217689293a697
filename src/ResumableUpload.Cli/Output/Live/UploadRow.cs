namespace ResumableUpload.Cli.Output.Live;

/// <summary>One upload's row: its last report, with the rate and ETA of this run (<see cref="ProgressText"/>).</summary>
internal sealed class UploadRow(string? label, StderrSink sink, TimeProvider time) : LiveRow, IProgress<UploadProgress>
{
    private const int LabelWidth = 24;
    private readonly long started = time.GetTimestamp();
    private readonly Lock gate = new();
    private UploadProgress reported;
    private bool sawFirstReport;

    // The rate and ETA stop at the last part: the upload's figures, not a rate that decays while the object completes.
    private TimeSpan? finishedAfter;

    public override double Fraction => Last.TotalParts == 0 ? 0 : Last.Fraction;

    // Reports come from the engine's thread, renders from the display's: a struct of five fields is read whole.
    private UploadProgress Last
    {
        get
        {
            lock (gate)
            {
                return reported;
            }
        }
    }

    public override string Text
    {
        get
        {
            var last = Last;
            var text = ProgressText.Describe(last, finishedAfter ?? time.GetElapsedTime(started));
            return label is null ? text : Shorten(label) + " " + text;
        }
    }

    public void Report(UploadProgress value)
    {
        if (!sawFirstReport && value.ResumedBytes > 0)
        {
            sink.WriteLine(ProgressText.Resuming(value));
        }

        sawFirstReport = true;
        lock (gate)
        {
            reported = value;
            if (value.CompletedParts >= value.TotalParts)
            {
                finishedAfter ??= time.GetElapsedTime(started);
            }
        }
    }

    private static string Shorten(string text) => text.Length <= LabelWidth ? text.PadRight(LabelWidth) : "…" + text[^(LabelWidth - 1)..];
}
