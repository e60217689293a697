using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.Pipeline;

/// <summary>Progress moves as the target reads each part, and stays honest when attempts are cut and retried.</summary>
public sealed class ByteProgressTests : IDisposable
{
    private const long P = UploaderFixture.PartSize;
    private readonly UploaderFixture f = new();

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task UploadAsync_BodiesCutMidway_SentBytesMoveInFlightNeverBackNeverPastTheTotal(int threads)
    {
        const long Total = (5 * P) + 7; // 6 parts
        var path = f.Temp.RandomFile("src", Total);
        f.Target.Faults.CutPartBody(2, times: 1, afterBytes: 50_000);
        f.Target.Faults.CutPartBody(4, times: 2, afterBytes: 80_000);
        var progress = new RecordingProgress();
        var uploader = f.Uploader(UploaderFixture.FastOptions(threads));
        uploader.Engine.InFlightReportInterval = TimeSpan.Zero;

        await uploader.UploadAsync(UploaderFixture.Request(path, progress: progress));

        Assert.Equal(3, f.Target.Faults.InjectedFaults);
        var reports = progress.Reports;
        Assert.All(reports, r =>
        {
            Assert.Equal(Total, r.TotalBytes);
            Assert.InRange(r.InFlightBytes, 0, Total);

            // A cut attempt's bytes are dropped before its retry counts: nothing is counted twice.
            Assert.InRange(r.TransferredBytes + r.InFlightBytes, 0, Total);
            Assert.InRange(r.SentBytes, r.TransferredBytes, Total);
        });
        for (var i = 1; i < reports.Count; i++)
        {
            Assert.True(reports[i].SentBytes >= reports[i - 1].SentBytes, $"sent bytes went back at report {i}");
            Assert.True(reports[i].TransferredBytes >= reports[i - 1].TransferredBytes, $"transferred bytes went back at report {i}");
        }

        // The bar moves inside parts: reports with bytes in flight, past the committed ones, before the last part.
        Assert.Contains(reports, r => r.InFlightBytes > 0 && r.SentBytes > r.TransferredBytes && r.CompletedParts < 6);
        var last = reports[^1];
        Assert.Equal((Total, 0L, Total, 6), (last.TransferredBytes, last.InFlightBytes, last.SentBytes, last.CompletedParts));
        Assert.Equal(1.0, last.SentFraction);
    }

    [Fact]
    public async Task UploadAsync_SinglePut_ReportsTheBytesInFlightThenTheCommit()
    {
        var path = f.Temp.RandomFile("small", 40_000);
        var progress = new RecordingProgress();
        var uploader = f.Uploader();
        uploader.Engine.InFlightReportInterval = TimeSpan.Zero;

        await uploader.UploadAsync(UploaderFixture.Request(path, progress: progress));

        Assert.Equal(
            [(0L, 0L, 0L, 0), (0L, 40_000L, 40_000L, 0), (40_000L, 0L, 40_000L, 1)],
            progress.Reports.Select(r => (r.TransferredBytes, r.InFlightBytes, r.SentBytes, r.CompletedParts)));
    }

    [Fact]
    public async Task UploadAsync_DefaultInterval_InFlightReportsAreThrottledButEveryCommitIsReported()
    {
        var path = f.Temp.RandomFile("src", 8 * P);
        var progress = new RecordingProgress();
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var uploader = new ResumableUploader(f.Target, f.Store, UploaderFixture.FastOptions(threads: 1), f.Logs, time);

        await uploader.UploadAsync(UploaderFixture.Request(path, progress: progress));

        // The fake clock never moves: after the start report no in-flight move is due, so only the 8 commits remain.
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7, 8], progress.Reports.Select(r => r.CompletedParts));
    }

    public void Dispose() => f.Dispose();
}
