using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using ResumableUpload.Cli.Output;

namespace ResumableUpload.Tests.Cli;

/// <summary>The CLI's progress display: it draws from the first report on, fits the terminal, and can never fail an upload.</summary>
public class ProgressRendererTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    [Fact]
    public void Report_FirstReportInBarMode_DrawsTheFirstFrame()
    {
        using var screen = new StringWriter();
        var renderer = new ProgressRenderer(screen, ProgressMode.Bar, Interval, () => 80);

        renderer.Report(new UploadProgress(0, 1000, 0, 10, 0)); // threw OverflowException (TimeSpan.MinValue subtracted)

        Assert.StartsWith("\r[", screen.ToString(), StringComparison.Ordinal);
        Assert.Contains("  0.0% 0 B of 1000 B, parts 0/10, ", screen.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Report_FirstReportInLinesMode_WritesALine()
    {
        using var screen = new StringWriter();
        var renderer = new ProgressRenderer(screen, ProgressMode.Lines, Interval, () => 80);

        renderer.Report(new UploadProgress(0, 1000, 0, 10, 0));

        Assert.StartsWith("progress   0.0% 0 B of 1000 B, parts 0/10, ", screen.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Report_WriterThrows_NeverThrowsAndStopsWriting(bool bar)
    {
        var broken = new BrokenWriter();
        var renderer = new ProgressRenderer(broken, bar ? ProgressMode.Bar : ProgressMode.Lines, Interval, () => 80);

        renderer.Report(new UploadProgress(0, 1000, 0, 10, 0));
        renderer.Report(new UploadProgress(500, 1000, 5, 10, 0));
        renderer.Report(new UploadProgress(1000, 1000, 10, 10, 0));
        renderer.Finish();

        Assert.Equal(2, broken.Attempts); // the frame, then the warning saying the display stopped; nothing after
        Assert.Equal(new UploadProgress(1000, 1000, 10, 10, 0), renderer.Last);
    }

    [Fact]
    public void Report_ColumnsThrows_NeverThrowsAndSaysTheDisplayStopped()
    {
        using var screen = new StringWriter();
        var renderer = new ProgressRenderer(screen, ProgressMode.Bar, Interval, () => throw new InvalidOperationException("no terminal"));

        renderer.Report(new UploadProgress(0, 1000, 0, 10, 0));
        renderer.Report(new UploadProgress(1000, 1000, 10, 10, 0));
        renderer.Finish();

        Assert.Equal("rupload: warning: progress display stopped (InvalidOperationException: no terminal); the upload goes on." + Environment.NewLine, screen.ToString());
    }

    [Fact]
    public void Finish_AfterThrottledReports_RedrawsTheLastReportThenEndsTheLine()
    {
        using var screen = new StringWriter();
        var clock = new FakeTimeProvider();
        var renderer = new ProgressRenderer(screen, ProgressMode.Bar, Interval, () => 80, clock);
        renderer.Report(new UploadProgress(0, 1000, 0, 10, 0));
        clock.Advance(TimeSpan.FromMilliseconds(50));
        renderer.Report(new UploadProgress(300, 1000, 3, 10, 0)); // within the 100 ms between redraws: not drawn yet
        Assert.DoesNotContain("parts 3/10", screen.ToString(), StringComparison.Ordinal);

        renderer.Finish();

        var text = screen.ToString();
        Assert.EndsWith(Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Contains(" 30.0% 300 B of 1000 B, parts 3/10, ", text.Split('\r')[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Report_FirstReportOfAResume_SaysWhatWasAlreadyUploaded()
    {
        using var screen = new StringWriter();
        var renderer = new ProgressRenderer(screen, ProgressMode.Bar, Interval, () => 80);

        renderer.Report(new UploadProgress(4096, 10240, 4, 10, 4096));
        renderer.Report(new UploadProgress(5120, 10240, 5, 10, 4096));

        var lines = screen.ToString().Split(Environment.NewLine);
        Assert.Equal("rupload: resuming: 4 of 10 parts (4.0 KiB) were uploaded by an earlier run", lines[0]);
        Assert.Single(lines, l => l.Contains("resuming", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(60)]
    [InlineData(80)]
    [InlineData(200)]
    public void Frame_AnyWidth_FitsOnOneRow(int width)
    {
        foreach (var (bytes, parts) in new[] { (1000L, 1), (300L << 20, 38), (5L << 40, 10_000) })
        {
            foreach (var done in new[] { 0, parts / 2, parts })
            {
                var frame = ProgressRenderer.Frame(new UploadProgress(bytes * done / parts, bytes, done, parts, 0), TimeSpan.FromSeconds(3), width);
                Assert.True(frame.Length <= Math.Max(width, 20) - 1, $"{frame.Length} columns at width {width}: {frame}");
                if (width >= 60)
                {
                    Assert.Contains($"parts {done}/{parts}", frame, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void Frame_80Columns_BarKeepsItsWidthAndIsFullOnlyWhenDone()
    {
        var frames = new[] { 0, 1, 19, 37, 38 }
            .Select(done => ProgressRenderer.Frame(new UploadProgress((300L << 20) * done / 38, 300L << 20, done, 38, 0), TimeSpan.FromSeconds(1 + done), 80))
            .ToList();

        Assert.Single(frames.Select(f => f.IndexOf(']', StringComparison.Ordinal)).Distinct());
        Assert.Contains('.', frames[3][..frames[3].IndexOf(']', StringComparison.Ordinal)]);
        Assert.DoesNotContain('.', frames[4][..frames[4].IndexOf(']', StringComparison.Ordinal)]);
    }

    [Fact]
    public void Log_WhileBarIsDrawn_TakesOverTheBarsRowAndTheBarGoesOnBelow()
    {
        using var screen = new StringWriter();
        var renderer = new ProgressRenderer(screen, ProgressMode.Bar, Interval, () => 80);
        using var logs = new StderrLoggerProvider(screen);
        renderer.Report(new UploadProgress(0, 1000, 0, 10, 0));

        logs.CreateLogger("x").Log(LogLevel.Warning, default, "Retrying part 3", null, static (text, _) => text);
        renderer.Report(new UploadProgress(1000, 1000, 10, 10, 0));
        renderer.Finish();

        var rows = screen.ToString().Split(Environment.NewLine).Select(r => r.Split('\r')[^1].TrimEnd()).ToList();
        Assert.Equal("rupload: warning: Retrying part 3", rows[0]);
        Assert.StartsWith("[##########", rows[1], StringComparison.Ordinal);
        Assert.Contains("100.0% 1000 B of 1000 B, parts 10/10", rows[1], StringComparison.Ordinal);
        Assert.Equal(string.Empty, rows[2]);
        Assert.Equal(3, rows.Count);
    }

    private sealed class BrokenWriter : TextWriter
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
