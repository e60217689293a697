namespace ResumableUpload.Cli.Output.Live;

/// <summary>The batch's own row: files finished of found, bytes, the rate of this run, ETA.</summary>
internal sealed class BatchRow : LiveRow, IProgress<BatchProgress>
{
    private readonly Lock gate = new();
    private BatchProgress last;

    public override double Fraction => ProgressText.Fraction(Last);

    public override string Text => ProgressText.Describe(Last);

    private BatchProgress Last
    {
        get
        {
            lock (gate)
            {
                return last;
            }
        }
    }

    public void Report(BatchProgress value)
    {
        lock (gate)
        {
            last = value;
        }
    }
}
