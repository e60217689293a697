using Amazon.S3.Model;
using ResumableUpload.Testing;
using ResumableUpload.TestSupport;
using Xunit.Abstractions;

namespace ResumableUpload.Reliability.Tests.Faults;

/// <summary>
/// Faults under the real SDK clients talking to the real servers (Ceph RGW, Azurite): with 10 % of part requests
/// failing (500, 503, connection resets, timeouts, stalls, taken in turn) five uploads of 8–9 parts each complete correctly and progress is counted
/// once; a permanent 403 or 404 fails fast, with a clear error, no retry storm, and a kept checkpoint.
/// </summary>
public class NetworkFaultTests(ITestOutputHelper output) : IDisposable
{
    private const int PartSize = 5 << 20;
    private static readonly HttpFault[] Mix = [HttpFault.InternalServerError, HttpFault.ServiceUnavailable, HttpFault.ConnectionReset, HttpFault.Timeout, HttpFault.Stall];
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task UploadAsync_S3TenPercentFaults_EveryUploadCompletesCorrectly()
    {
        var injector = new HttpFaultInjector(new SocketsHttpHandler()) { AppliesTo = HttpFaultInjector.S3PartRequests, FailureFraction = 0.10, Faults = Mix, CycleFaults = true };
        injector.Seed(5);
        var (target, clean) = FaultyClients.S3(injector);
        using var disposeTarget = target;
        using var disposeClean = clean;
        var bucket = "faults-" + Guid.NewGuid().ToString("N")[..12];
        await clean.PutBucketAsync(new PutBucketRequest { BucketName = bucket });

        await UploadSeveralAndVerifyAsync(target, bucket, async key =>
        {
            using var response = await clean.GetObjectAsync(bucket, key);
            using var copy = new MemoryStream();
            await response.ResponseStream.CopyToAsync(copy);
            return copy.ToArray();
        });
        Assert.True(injector.InjectedTotal > 0, "no fault was injected; the test proved nothing");
        output.WriteLine($"S3: {injector.WatchedRequests} part requests, {injector.InjectedTotal} faults: {string.Join(", ", injector.Injected.Select(p => $"{p.Key}={p.Value}"))}");
    }

    [Fact]
    public async Task UploadAsync_S3BodiesResetMidway_BytesInFlightDroppedAndEveryByteCountedOnce()
    {
        var injector = new HttpFaultInjector(new SocketsHttpHandler()) { AppliesTo = HttpFaultInjector.S3PartRequests, Faults = [HttpFault.ResetMidBody], FailNext = 2 };
        var (target, clean) = FaultyClients.S3(injector);
        using var disposeTarget = target;
        using var disposeClean = clean;
        var bucket = "midbody-" + Guid.NewGuid().ToString("N")[..12];
        await clean.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        var length = (2L * PartSize) + 12_345; // 3 parts
        var source = temp.RandomFile("midbody.bin", length, seed: 21);
        var uploader = new ResumableUploader(target, options: new UploadOptions
        {
            PartSize = PartSize,
            PartsInFlight = 1,
            Retry = new UploadRetryOptions { MaxRetryAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(100) },
        });
        uploader.Engine.InFlightReportInterval = TimeSpan.Zero;
        var progress = new RecordingProgress();

        await uploader.UploadAsync(new UploadRequest { SourcePath = source, Bucket = bucket, Key = "midbody.bin", Progress = progress });

        Assert.Equal(2, injector.Injected[HttpFault.ResetMidBody]);
        var reports = progress.Reports;
        Assert.Contains(reports, p => p.InFlightBytes > 0 && p.SentBytes > p.TransferredBytes);
        Assert.All(reports, p => Assert.InRange(p.TransferredBytes + p.InFlightBytes, 0, length));
        Assert.Equal(reports.Select(p => p.SentBytes).Order(), reports.Select(p => p.SentBytes));
        Assert.Equal((length, length, 0L), (reports[^1].TransferredBytes, reports[^1].SentBytes, reports[^1].InFlightBytes));
        var expected = await File.ReadAllBytesAsync(source);
        using (var response = await clean.GetObjectAsync(bucket, "midbody.bin"))
        using (var copy = new MemoryStream())
        {
            await response.ResponseStream.CopyToAsync(copy);
            Assert.Equal(expected, copy.ToArray());
        }

        await clean.DeleteObjectAsync(bucket, "midbody.bin");
    }

    [Fact]
    public async Task UploadAsync_AzureTenPercentFaults_EveryUploadCompletesCorrectly()
    {
        var injector = new HttpFaultInjector(new SocketsHttpHandler()) { AppliesTo = HttpFaultInjector.AzureBlockRequests, FailureFraction = 0.10, Faults = Mix, CycleFaults = true };
        injector.Seed(6);
        var (target, clean) = FaultyClients.Azure(injector);
        var container = "faults-" + Guid.NewGuid().ToString("N")[..12];
        await clean.CreateBlobContainerAsync(container);

        await UploadSeveralAndVerifyAsync(target, container, async key =>
            (await clean.GetBlobContainerClient(container).GetBlobClient(key).DownloadContentAsync()).Value.Content.ToArray());
        Assert.True(injector.InjectedTotal > 0, "no fault was injected; the test proved nothing");
        output.WriteLine($"Azure: {injector.WatchedRequests} block requests, {injector.InjectedTotal} faults: {string.Join(", ", injector.Injected.Select(p => $"{p.Key}={p.Value}"))}");
    }

    [Theory]
    [InlineData(HttpFault.Forbidden, TargetErrorKind.AccessDenied)]
    [InlineData(HttpFault.NotFound, TargetErrorKind.UploadNotFound)]
    public async Task UploadAsync_S3PermanentError_FailsFastKeepsCheckpointThenResumes(HttpFault fault, TargetErrorKind kind)
    {
        var injector = new HttpFaultInjector(new SocketsHttpHandler()) { AppliesTo = HttpFaultInjector.S3PartRequests, Permanent = fault };
        var (target, clean) = FaultyClients.S3(injector);
        using var disposeTarget = target;
        using var disposeClean = clean;
        var bucket = "perm-" + Guid.NewGuid().ToString("N")[..12];
        await clean.PutBucketAsync(new PutBucketRequest { BucketName = bucket });
        var store = new FileCheckpointStore(temp.SubDirectory("ckpt-" + fault));
        var source = temp.RandomFile("perm.bin", 8L * PartSize, seed: 3);
        var uploader = new ResumableUploader(target, store, new UploadOptions { PartSize = PartSize });

        var started = DateTime.UtcNow;
        var ex = await Assert.ThrowsAsync<TargetException>(() => uploader.UploadAsync(new UploadRequest { SourcePath = source, Bucket = bucket, Key = "perm.bin" }));
        Assert.Equal(kind, ex.Kind);
        Assert.StartsWith("fault-", ex.RequestId, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "a permanent error must fail fast");
        Assert.InRange(injector.WatchedRequests, 1, 3 + 1); // at most the parts already in flight; no retry storm
        Assert.Single(await store.ListAsync().ToListAsync());

        injector.Permanent = null;
        var result = await uploader.UploadAsync(new UploadRequest { SourcePath = source, Bucket = bucket, Key = "perm.bin" });
        Assert.Equal(8, result.PartCount);
        Assert.Empty(await store.ListAsync().ToListAsync());
    }

    [Fact]
    public async Task UploadAsync_AzurePermanentForbidden_FailsFastKeepsCheckpoint()
    {
        var injector = new HttpFaultInjector(new SocketsHttpHandler()) { AppliesTo = HttpFaultInjector.AzureBlockRequests, Permanent = HttpFault.Forbidden };
        var (target, clean) = FaultyClients.Azure(injector);
        var container = "perm-" + Guid.NewGuid().ToString("N")[..12];
        await clean.CreateBlobContainerAsync(container);
        var store = new FileCheckpointStore(temp.SubDirectory("ckpt-az"));
        var source = temp.RandomFile("perm.bin", 8L * PartSize, seed: 4);
        var uploader = new ResumableUploader(target, store, new UploadOptions { PartSize = PartSize });

        var ex = await Assert.ThrowsAsync<TargetException>(() => uploader.UploadAsync(new UploadRequest { SourcePath = source, Bucket = container, Key = "perm.bin" }));
        Assert.Equal(TargetErrorKind.AccessDenied, ex.Kind);
        Assert.InRange(injector.WatchedRequests, 1, 3 + 1);
        Assert.Single(await store.ListAsync().ToListAsync());
    }

    public void Dispose() => temp.Dispose();

    private async Task UploadSeveralAndVerifyAsync(IMultipartTarget target, string bucket, Func<string, Task<byte[]>> download)
    {
        var store = new FileCheckpointStore(temp.SubDirectory("ckpt-" + Guid.NewGuid().ToString("N")[..6]));
        var uploader = new ResumableUploader(target, store, new UploadOptions
        {
            PartSize = PartSize,
            Retry = new UploadRetryOptions { MaxRetryAttempts = 8, BaseDelay = TimeSpan.FromMilliseconds(20), MaxDelay = TimeSpan.FromMilliseconds(200) },
        });
        for (var i = 0; i < 5; i++)
        {
            var source = temp.RandomFile($"f{i}.bin", (8L * PartSize) + (i * 12_345), seed: 10 + i);
            var progress = new RecordingProgress();
            var key = $"faulty/{i}.bin";
            await uploader.UploadAsync(new UploadRequest { SourcePath = source, Bucket = bucket, Key = key, Progress = progress });

            var stored = await download(key);
            var expected = await File.ReadAllBytesAsync(source);
            Assert.True(stored.AsSpan().SequenceEqual(expected), $"object {key} differs");
            var reports = progress.Reports;
            for (var r = 1; r < reports.Count; r++)
            {
                Assert.True(reports[r].TransferredBytes >= reports[r - 1].TransferredBytes, "progress went backwards under retries");
                Assert.True(reports[r].SentBytes >= reports[r - 1].SentBytes, "bytes sent went backwards under retries");
            }

            // Bytes in flight as the SDK reads each body: a failed attempt's are dropped before its retry counts.
            Assert.All(reports, p => Assert.InRange(p.TransferredBytes, 0, p.TotalBytes));
            Assert.All(reports, p => Assert.InRange(p.TransferredBytes + p.InFlightBytes, 0, p.TotalBytes));
            Assert.All(reports, p => Assert.InRange(p.SentBytes, p.TransferredBytes, p.TotalBytes));
            var length = new FileInfo(source).Length;
            Assert.Equal((length, length, 0L), (reports[^1].TransferredBytes, reports[^1].SentBytes, reports[^1].InFlightBytes));
        }

        Assert.Empty(await target.ListUploadsAsync(bucket, "faulty/").ToListAsync());
        Assert.Empty(await store.ListAsync().ToListAsync());
    }
}
