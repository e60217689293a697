using System.ComponentModel.DataAnnotations;
using ResumableUpload.Tests.Pipeline;

namespace ResumableUpload.Tests.Engine;

/// <summary>
/// One bandwidth cap per uploader: every part and put of every upload takes its bytes from the same limiter. Exact
/// token counts, no timing: the achieved rate is measured in the e2e harness (benchmarks/results/e2e-bandwidth.md).
/// </summary>
public sealed class BandwidthCapTests : IDisposable
{
    private const long P = UploaderFixture.PartSize;
    private readonly UploaderFixture f = new();

    [Fact]
    public async Task UploadAsync_ConcurrentUploadsWithACutPart_TakeOneTokenPerByteSentFromOneLimiter()
    {
        var big = f.Temp.RandomFile("big", (3 * P) + 5); // 4 parts
        var small = f.Temp.RandomFile("small", 40_000); // one put
        f.Target.Faults.CutPartBody(2, times: 1, afterBytes: 30_000);
        var options = UploaderFixture.FastOptions();
        options.MaxBytesPerSecond = 1L << 40; // a cap that never waits here: the count is the point
        var uploader = f.Uploader(options);
        var limit = uploader.Engine.Bandwidth;
        Assert.NotNull(limit);

        await Task.WhenAll(
            uploader.UploadAsync(UploaderFixture.Request(big, key: "big.bin")),
            uploader.UploadAsync(UploaderFixture.Request(small, key: "small.bin")));

        Assert.Same(limit, uploader.Engine.Bandwidth);
        Assert.Equal((3 * P) + 5 + 40_000 + 30_000, limit.TokensAcquired);
    }

    [Fact]
    public void Engine_NoCap_HasNoLimiter()
        => Assert.Null(f.Uploader().Engine.Bandwidth);

    [Theory]
    [InlineData(0L)]
    [InlineData(-1L)]
    public void Constructor_CapNotPositive_ThrowsNamingTheOption(long cap)
    {
        var options = UploaderFixture.FastOptions();
        options.MaxBytesPerSecond = cap;

        var ex = Assert.Throws<ValidationException>(() => f.Uploader(options));

        Assert.Contains("MaxBytesPerSecond", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => f.Dispose();
}
