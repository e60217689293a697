using System.Text.RegularExpressions;
using ResumableUpload.Cli.Output;
using ResumableUpload.Cli.Output.Live;

namespace ResumableUpload.Cli.Tests.Output.Live;

/// <summary>
/// The live display (Spectre.Console) as a terminal receives it: frames redrawn in place, the last one showing the last
/// report even when it came between two redraws, lines written meanwhile above it, colour unless NO_COLOR.
/// </summary>
public partial class LiveDisplayTests
{
    [Fact]
    public async Task RunAsync_UploadReports_LastFrameShowsTheLastReportWithAFullBarIn80Columns()
    {
        using var screen = new StringWriter();
        var console = Consoles.Create(screen, terminal: true, _ => null, width: 80);

        await LiveDisplay.RunAsync(console, new StderrSink(screen), display =>
        {
            var row = display.AddUpload(null);
            row.Report(new UploadProgress(0, 300L << 20, 0, 38, 0));
            row.Report(new UploadProgress(300L << 20, 300L << 20, 38, 38, 0)); // no redraw in between: the last one must still show
            return Task.FromResult(0);
        });

        var frame = LastFrame(screen.ToString());
        Assert.StartsWith("━━━━━━━━━━", frame, StringComparison.Ordinal);
        Assert.DoesNotContain('─', frame);
        Assert.Contains(" 100.0% 300.0 MiB of 300.0 MiB, parts 38/38, ", frame, StringComparison.Ordinal);
        Assert.True(frame.Length < 80, $"{frame.Length} columns: {frame}");
    }

    [Fact]
    public async Task RunAsync_BytesInFlight_BarAndBytesMoveBeforeAnyPartIsRecorded()
    {
        using var screen = new StringWriter();
        var console = Consoles.Create(screen, terminal: true, _ => null, width: 80);

        await LiveDisplay.RunAsync(console, new StderrSink(screen), display =>
        {
            display.AddUpload(null).Report(new UploadProgress(0, 300L << 20, 0, 38, 0) { InFlightBytes = 150L << 20, SentBytes = 150L << 20 });
            return Task.FromResult(0);
        });

        var frame = LastFrame(screen.ToString());
        Assert.Contains("  50.0% 150.0 MiB of 300.0 MiB, parts 0/38, ", frame, StringComparison.Ordinal);
        Assert.StartsWith("━━━━", frame, StringComparison.Ordinal);
        Assert.Contains('─', frame); // half the bar, not all of it
    }

    [Fact]
    public async Task RunAsync_ResumeAndALogLineDuringTheDisplay_WrittenOnTheirOwnLinesAboveIt()
    {
        using var screen = new StringWriter();
        var console = Consoles.Create(screen, terminal: true, _ => null, width: 100);
        var sink = new StderrSink(screen);

        await LiveDisplay.RunAsync(console, sink, display =>
        {
            var row = display.AddUpload(null);
            row.Report(new UploadProgress(4096, 10240, 4, 10, 4096));
            sink.WriteLine("rupload: warning: Retrying part 5");
            row.Report(new UploadProgress(10240, 10240, 10, 10, 4096));
            return Task.FromResult(0);
        });

        var lines = Visible(screen.ToString());
        Assert.Contains("rupload: resuming: 4 of 10 parts (4.0 KiB) were uploaded by an earlier run", lines);
        Assert.Contains("rupload: warning: Retrying part 5", lines);
        Assert.Contains("100.0% 10.0 KiB of 10.0 KiB, parts 10/10", LastFrame(screen.ToString()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("1", false)]
    public async Task RunAsync_NoColorSet_NoColourSequences(string? noColor, bool coloured)
    {
        using var screen = new StringWriter();
        var console = Consoles.Create(screen, terminal: true, name => name == "NO_COLOR" ? noColor : name == "COLORTERM" ? "truecolor" : null, width: 80);

        await LiveDisplay.RunAsync(console, new StderrSink(screen), display =>
        {
            display.AddUpload(null).Report(new UploadProgress(50, 100, 1, 2, 0));
            return Task.FromResult(0);
        });

        Assert.Equal(coloured, ColourSequence().IsMatch(screen.ToString()));
        Assert.Contains(" 50.0% 50 B of 100 B, parts 1/2, ", LastFrame(screen.ToString()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Batch_ShowsTheBatchRowAndTheFilesInFlight()
    {
        using var screen = new StringWriter();
        var console = Consoles.Create(screen, terminal: true, _ => null, width: 120);

        await LiveDisplay.RunAsync(console, new StderrSink(screen), display =>
        {
            display.AddBatch().Report(new BatchProgress(3, 1, 0, 0, ListingComplete: true, 3000, 1500, 1000, TimeSpan.FromSeconds(1)));
            display.AddUpload("logs/a.log").Report(new UploadProgress(200, 1000, 1, 5, 0));
            display.AddUpload("data/big.bin").Report(new UploadProgress(300, 1000, 3, 10, 0));
            return Task.FromResult(0);
        });

        var lines = Visible(screen.ToString());
        Assert.Contains(lines, l => l.Contains("files 1/3, 1.5 KiB of 2.9 KiB, 1000 B/s, ETA 0:01", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("logs/a.log", StringComparison.Ordinal) && l.Contains("parts 1/5", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("data/big.bin", StringComparison.Ordinal) && l.Contains("parts 3/10", StringComparison.Ordinal));
    }

    /// <summary>The text after the last carriage return on the last line holding a frame, without escape sequences.</summary>
    private static string LastFrame(string raw) => Visible(raw).Last(l => l.Contains("parts ", StringComparison.Ordinal));

    private static List<string> Visible(string raw)
        => [.. raw.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => Escape().Replace(l.Split('\r')[^1], string.Empty).TrimEnd())];

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|[=>])")]
    private static partial Regex Escape();

    [GeneratedRegex(@"\x1b\[[0-9;]*3[0-9;]*m")]
    private static partial Regex ColourSequence();
}
