using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResumableUpload.Testing;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.Options;

/// <summary>
/// The documented defaults (8 MiB parts, 3 parallel parts, CRC-64/XZ, a 1 GiB memory budget, 5 retries), as literals:
/// a changed default must change this file too, on the options object, through DI and in what an upload does.
/// </summary>
public class UploadOptionsDefaultsTests : IDisposable
{
    private const long EightMiB = 8L * 1024 * 1024;
    private readonly TempDirectory temp = new();

    [Fact]
    public void UploadOptions_New_HasTheDocumentedDefaults()
    {
        AssertDocumentedDefaults(new UploadOptions());
        Assert.Equal(EightMiB, UploadOptions.DefaultPartSize);
    }

    [Fact]
    public void AddResumableUpload_WithoutConfiguration_ResolvesTheDocumentedDefaults()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload();
        using var provider = services.BuildServiceProvider();
        AssertDocumentedDefaults(provider.GetRequiredService<IOptions<UploadOptions>>().Value);
    }

    [Fact]
    public async Task UploadAsync_DefaultOptions_SendsEightMiBPartsAtMostThreeAtATime()
    {
        // 8 parts of 8 MiB and a 1-byte ninth. Each part request is held 200 ms at the target so that the uploader's
        // parallelism, not the speed of the in-memory target, sets how many are in flight.
        var target = new InMemoryMultipartTarget();
        var lengths = new ConcurrentDictionary<int, long>();
        target.OnPartRequest = async (request, ct) =>
        {
            lengths[request.PartNumber] = request.Length;
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        };
        var source = temp.RandomFile("src.bin", (8 * EightMiB) + 1);
        var services = new ServiceCollection();
        services.AddResumableUpload();
        services.AddSingleton<IMultipartTarget>(target);
        await using var provider = services.BuildServiceProvider();

        var result = await provider.GetRequiredService<ResumableUploader>().UploadAsync(new UploadRequest { SourcePath = source, Key = "defaults.bin" });

        Assert.Equal(EightMiB, result.PartSize);
        Assert.Equal(9, result.PartCount);
        Assert.Equal(ChecksumAlgorithm.Crc64Xz, result.Algorithm);
        Assert.Equal([.. Enumerable.Repeat(EightMiB, 8), 1L], lengths.OrderBy(p => p.Key).Select(p => p.Value));
        Assert.Equal(3, target.MaxPartsInFlight);
        Assert.True(File.ReadAllBytes(source).AsSpan().SequenceEqual(target.GetObject(new ObjectLocation(string.Empty, "defaults.bin"))), "the object differs from the source");
    }

    public void Dispose() => temp.Dispose();

    private static void AssertDocumentedDefaults(UploadOptions options)
    {
        Assert.Equal(EightMiB, options.PartSize);
        Assert.Equal(3, options.PartsInFlight);
        Assert.Equal(ChecksumAlgorithm.Crc64Xz, options.Checksum);
        Assert.False(options.ContentMd5);
        Assert.False(options.VerifyOnResume);
        Assert.Equal(1L << 30, options.MemoryBudget);
        Assert.Equal(5, options.Retry.MaxRetryAttempts);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.Retry.BaseDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.Retry.MaxDelay);
        Assert.True(options.Retry.UseJitter);
    }

    [Fact]
    public void Threads_ObsoleteName_ReadsAndWritesPartsInFlight()
    {
#pragma warning disable CS0618 // the old name is what is under test
        var options = new UploadOptions { Threads = 5 };
        Assert.Equal(5, options.PartsInFlight);
        options.PartsInFlight = 2;
        Assert.Equal(2, options.Threads);
#pragma warning restore CS0618
    }
}
