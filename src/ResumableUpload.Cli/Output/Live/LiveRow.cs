namespace ResumableUpload.Cli.Output.Live;

/// <summary>What one row of the live display shows: a fraction for the bar, a text beside it.</summary>
internal abstract class LiveRow
{
    public abstract double Fraction { get; }

    public abstract string Text { get; }
}
