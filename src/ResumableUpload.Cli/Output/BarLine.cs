using System.Runtime.CompilerServices;

namespace ResumableUpload.Cli.Output;

/// <summary>
/// The progress bar's row on one writer, shared by the bar and the log lines written to the same stderr: a log line
/// first blanks the bar's row and takes it over, so a warning never lands at the end of a half-drawn frame; the next
/// frame is drawn on the row below. Lock it while writing.
/// </summary>
internal sealed class BarLine
{
    private static readonly ConditionalWeakTable<TextWriter, BarLine> Lines = [];

    /// <summary>Gets or sets the columns the bar occupies on the current row; 0 when the row holds no bar.</summary>
    public int Length { get; set; }

    public static BarLine For(TextWriter writer) => Lines.GetValue(writer, static _ => new BarLine());

    /// <summary>Blanks the bar's row, if it holds one, and returns to its start.</summary>
    public void Clear(TextWriter writer)
    {
        if (Length > 0)
        {
            writer.Write("\r" + new string(' ', Length) + "\r");
            Length = 0;
        }
    }
}
