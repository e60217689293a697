using ResumableUpload.Testing;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Reliability.Tests.Faults;

/// <summary>
/// A part request that stops moving (the server neither reads the body nor answers, as Ceph RGW does once its cluster is
/// full) fails after <c>S3TargetOptions.NetworkTimeout</c> as a transient timeout and is retried, instead of holding
/// the upload forever: the lean UploadPart path sends with no whole-request timeout of its own.
/// </summary>
public class S3StallTests : IDisposable
{
    private const int PartSize = 5 << 20;
    private static readonly TimeSpan NetworkTimeout = TimeSpan.FromMilliseconds(500);

    // A hang guard for the test itself, far above what the uploads take: without the stall guard they never return.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(60);
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task UploadAsync_PartRequestNeverAnswered_TimesOutAndTheRetryCompletes()
    {
        var injector = new HttpFaultInjector(new SocketsHttpHandler()) { Faults = [HttpFault.Timeout] };
        var server = OneRetryLayerServer.Create("s3", injector, NetworkTimeout);
        var bucket = await server.CreateBucketAsync();
        injector.AppliesTo = server.PartRequests(2);
        injector.FailNext = 1;
        var source = temp.RandomFile("stalled.bin", PartSize + 1000, seed: 61);
        var uploader = new ResumableUploader(server.Target, new FileCheckpointStore(temp.SubDirectory("ckpt")), new UploadOptions { PartSize = PartSize, Retry = new UploadRetryOptions { MaxRetryAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) } });

        var result = await uploader.UploadAsync(new UploadRequest { SourcePath = source, Bucket = bucket, Key = "stalled.bin" }).WaitAsync(Hang);

        Assert.Equal(1, injector.Injected[HttpFault.Timeout]);
        Assert.Equal(2, injector.WatchedRequests);
        Assert.Equal(2, result.PartCount);
        Assert.Equal(await File.ReadAllBytesAsync(source), await server.ReadAsync(bucket, "stalled.bin"));
    }

    [Fact]
    public async Task UploadAsync_PartRequestAlwaysStalls_TransientTimeoutNamingTheOptionCheckpointKept()
    {
        var injector = new HttpFaultInjector(new SocketsHttpHandler()) { Faults = [HttpFault.Timeout], Permanent = HttpFault.Timeout };
        var server = OneRetryLayerServer.Create("s3", injector, NetworkTimeout);
        var bucket = await server.CreateBucketAsync();
        injector.AppliesTo = server.PartRequests(1);
        var store = new FileCheckpointStore(temp.SubDirectory("ckpt-always"));
        var source = temp.RandomFile("always.bin", PartSize + 1000, seed: 62);
        var uploader = new ResumableUploader(server.Target, store, new UploadOptions { PartSize = PartSize, Retry = new UploadRetryOptions { MaxRetryAttempts = 1, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) } });

        var ex = await Assert.ThrowsAsync<TargetException>(() => uploader.UploadAsync(new UploadRequest { SourcePath = source, Bucket = bucket, Key = "always.bin" }).WaitAsync(Hang));

        Assert.True(ex.IsTransient);
        Assert.Contains("NetworkTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, injector.WatchedRequests);
        Assert.Single(await store.ListAsync().ToListAsync());
    }

    public void Dispose()
    {
        temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
