using Microsoft.Extensions.Time.Testing;
using ResumableUpload.Cli.Output;

namespace ResumableUpload.Cli.Tests.Output;

/// <summary>The plain progress lines scripts parse (stderr not a terminal): their exact text, their pace, and that they can never fail an upload.</summary>
public class ProgressLinesTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    [Fact]
    public void Report_FirstReport_WritesTheDocumentedLine()
    {
        using var screen = new StringWriter();
        var lines = new ProgressLines(screen, Interval);

        lines.Report(new UploadProgress(0, 1000, 0, 10, 0));

        Assert.Equal("progress   0.0% 0 B of 1000 B, parts 0/10, 0 B/s, ETA ?" + Environment.NewLine, screen.ToString());
    }

    [Fact]
    public void Report_WithinTheInterval_WritesOnlyTheFirstAndTheLast()
    {
        using var screen = new StringWriter();
        var clock = new FakeTimeProvider();
        var lines = new ProgressLines(screen, Interval, clock);
        lines.Report(new UploadProgress(0, 10L << 20, 0, 10, 0));
        clock.Advance(TimeSpan.FromSeconds(1));
        lines.Report(new UploadProgress(5L << 20, 10L << 20, 5, 10, 0));
        clock.Advance(TimeSpan.FromSeconds(1));
        lines.Report(new UploadProgress(10L << 20, 10L << 20, 10, 10, 0));

        Assert.Equal(
            [
                "progress   0.0% 0 B of 10.0 MiB, parts 0/10, 0 B/s, ETA ?",
                "progress 100.0% 10.0 MiB of 10.0 MiB, parts 10/10, 5.0 MiB/s, ETA 0:00",
            ],
            screen.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Report_BytesInFlight_PercentAndBytesMoveWhileThePartsCountOnlyRecordedOnes()
    {
        using var screen = new StringWriter();
        var clock = new FakeTimeProvider();
        var lines = new ProgressLines(screen, TimeSpan.Zero, clock);
        clock.Advance(TimeSpan.FromSeconds(1));

        lines.Report(new UploadProgress(1L << 20, 10L << 20, 1, 10, 0) { InFlightBytes = 2L << 20, SentBytes = 3L << 20 });

        Assert.Equal("progress  30.0% 3.0 MiB of 10.0 MiB, parts 1/10, 3.0 MiB/s, ETA 0:02" + Environment.NewLine, screen.ToString());
    }

    [Fact]
    public void Report_FirstReportOfAResume_SaysWhatWasAlreadyUploadedOnce()
    {
        using var screen = new StringWriter();
        var lines = new ProgressLines(screen, TimeSpan.Zero);

        lines.Report(new UploadProgress(4096, 10240, 4, 10, 4096));
        lines.Report(new UploadProgress(5120, 10240, 5, 10, 4096));

        var written = screen.ToString().Split(Environment.NewLine);
        Assert.Equal("rupload: resuming: 4 of 10 parts (4.0 KiB) were uploaded by an earlier run", written[0]);
        Assert.Single(written, l => l.Contains("resuming", StringComparison.Ordinal));
    }

    [Fact]
    public void Report_WriterThrows_NeverThrowsAndStopsWriting()
    {
        var broken = new BrokenWriter();
        var lines = new ProgressLines(broken, TimeSpan.Zero);

        lines.Report(new UploadProgress(0, 1000, 0, 10, 0));
        lines.Report(new UploadProgress(500, 1000, 5, 10, 0));
        lines.Report(new UploadProgress(1000, 1000, 10, 10, 0));

        Assert.Equal(2, broken.Attempts); // the line, then the warning saying the display stopped; nothing after
    }

    [Fact]
    public void Describe_Batch_TheDocumentedLine()
    {
        var text = ProgressText.Describe(new BatchProgress(10, 2, 1, 1, ListingComplete: false, 4L << 20, 1L << 20, 1L << 20, TimeSpan.FromSeconds(1)));

        Assert.Equal("files 4/10+ (1 skipped, 1 failed), 1.0 MiB of 4.0 MiB+, 1.0 MiB/s, ETA ?", text);
    }

    internal sealed class BrokenWriter : TextWriter
    {
        public int Attempts { get; private set; }

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value) => Fail();

        public override void Write(string? value) => Fail();

        public override void WriteLine(string? value) => Fail();

        private void Fail()
        {
            Attempts++;
            throw new IOException("Broken pipe");
        }
    }
}
