using ResumableUpload.Testing;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Reliability.Tests.Faults;

/// <summary>
/// One retry layer: with the SDK's own retries off (as the targets' <c>Create</c> builds the clients), every call is
/// attempted exactly as often as <see cref="UploadRetryOptions.MaxRetryAttempts"/> says, counted at the HTTP handler
/// under the real SDK clients talking to Ceph RGW and Azurite. Listings (resume's list parts, list uploads) retry too.
/// </summary>
public class RetryCountTests : IDisposable
{
    private const int PartSize = 5 << 20;
    private static readonly UploadRetryOptions FastRetries = new() { MaxRetryAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5), UseJitter = false };
    private readonly TempDirectory temp = new();

    public static TheoryData<string> Servers => new() { "s3", "azure" };

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task UploadAsync_PartAlways503_SentMaxRetriesPlusOneTimesThenResumes(string name)
    {
        var injector = new HttpFaultInjector(new SocketsHttpHandler()) { Faults = [HttpFault.ServiceUnavailable], Permanent = HttpFault.ServiceUnavailable };
        var server = OneRetryLayerServer.Create(name, injector);
        injector.AppliesTo = server.PartRequests(2);
        var bucket = await server.CreateBucketAsync();
        var store = new FileCheckpointStore(temp.SubDirectory("ckpt-always-" + name));
        var source = temp.RandomFile("always.bin", PartSize + 1000, seed: 21);
        var uploader = new ResumableUploader(server.Target, store, new UploadOptions { PartSize = PartSize, Retry = FastRetries });
        var request = new UploadRequest { SourcePath = source, Bucket = bucket, Key = "always.bin" };

        var ex = await Assert.ThrowsAsync<TargetException>(() => uploader.UploadAsync(request));

        Assert.Equal(FastRetries.MaxRetryAttempts + 1, injector.WatchedRequests);
        Assert.True(ex.IsTransient);
        Assert.Equal(503, ex.StatusCode);
        var kept = Assert.Single(await store.ListAsync().ToListAsync());
        var uploadId = kept.Checkpoint!.Header.UploadId;

        injector.Permanent = null;
        var result = await uploader.UploadAsync(request);
        Assert.Equal(uploadId, result.UploadId);
        Assert.Equal(FastRetries.MaxRetryAttempts + 2, injector.WatchedRequests);
        Assert.Equal(2, result.PartCount);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task UploadAsync_Part503Twice_SentExactlyThreeTimesAndCompletes(string name)
    {
        var injector = new HttpFaultInjector(new SocketsHttpHandler()) { Faults = [HttpFault.ServiceUnavailable], FailNext = 2 };
        var server = OneRetryLayerServer.Create(name, injector);
        injector.AppliesTo = server.PartRequests(2);
        var bucket = await server.CreateBucketAsync();
        var source = temp.RandomFile("twice.bin", PartSize + 1000, seed: 22);
        var uploader = new ResumableUploader(server.Target, new FileCheckpointStore(temp.SubDirectory("ckpt-twice-" + name)), new UploadOptions { PartSize = PartSize, Retry = new UploadRetryOptions { MaxRetryAttempts = 5, BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) } });

        var result = await uploader.UploadAsync(new UploadRequest { SourcePath = source, Bucket = bucket, Key = "twice.bin" });

        Assert.Equal(3, injector.WatchedRequests);
        Assert.Equal(2, injector.InjectedTotal);
        Assert.Equal(2, result.PartCount);
        Assert.Equal(PartSize + 1000, result.Length);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task UploadAsync_SinglePut503Twice_SentExactlyThreeTimesWithTheSameBytes(string name)
    {
        var injector = new HttpFaultInjector(new SocketsHttpHandler()) { Faults = [HttpFault.ServiceUnavailable] };
        var server = OneRetryLayerServer.Create(name, injector);
        var bucket = await server.CreateBucketAsync();
        var source = temp.RandomFile("small.bin", 300_000, seed: 24);
        var uploader = new ResumableUploader(server.Target, null, new UploadOptions { PartSize = PartSize, Retry = FastRetries });
        injector.AppliesTo = server.PutRequests;
        injector.FailNext = 2;

        var result = await uploader.UploadAsync(new UploadRequest { SourcePath = source, Bucket = bucket, Key = "small.bin" });

        Assert.Equal(3, injector.WatchedRequests);
        Assert.Equal(2, injector.InjectedTotal);
        Assert.Null(result.UploadId);
        Assert.Equal(await File.ReadAllBytesAsync(source), await server.ReadAsync(bucket, "small.bin"));
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task UploadAsync_ResumeListParts503Once_ResumesWithExactlyTwoListRequests(string name)
    {
        var injector = new HttpFaultInjector(new SocketsHttpHandler()) { Faults = [HttpFault.ServiceUnavailable] };
        var server = OneRetryLayerServer.Create(name, injector);
        var bucket = await server.CreateBucketAsync();
        var store = new FileCheckpointStore(temp.SubDirectory("ckpt-list-" + name));
        var source = temp.RandomFile("list.bin", PartSize + 1000, seed: 23);
        var uploader = new ResumableUploader(server.Target, store, new UploadOptions { PartSize = PartSize, Retry = FastRetries });
        var request = new UploadRequest { SourcePath = source, Bucket = bucket, Key = "list.bin" };

        // First run: part 2 is refused for good (403), so the run stops with a checkpoint to resume.
        injector.AppliesTo = server.PartRequests(2);
        injector.Permanent = HttpFault.Forbidden;
        await Assert.ThrowsAsync<TargetException>(() => uploader.UploadAsync(request));
        var uploadId = Assert.Single(await store.ListAsync().ToListAsync()).Checkpoint!.Header.UploadId;

        injector.Permanent = null;
        injector.AppliesTo = server.ListPartsRequests;
        var before = injector.WatchedRequests;
        injector.FailNext = 1;
        var result = await uploader.UploadAsync(request);

        Assert.Equal(2, injector.WatchedRequests - before);
        Assert.Equal(1, injector.Injected[HttpFault.ServiceUnavailable]);
        Assert.Equal(uploadId, result.UploadId);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task ListUploadsAsync_503Once_ListsWithExactlyTwoRequests(string name)
    {
        var injector = new HttpFaultInjector(new SocketsHttpHandler()) { Faults = [HttpFault.ServiceUnavailable] };
        var server = OneRetryLayerServer.Create(name, injector);
        var bucket = await server.CreateBucketAsync();
        var location = new ObjectLocation(bucket, "pending/one.bin");
        var uploadId = await server.Target.InitiateAsync(location, new ObjectProperties(), ChecksumAlgorithm.Crc64Xz);
        var retrying = new RetryingMultipartTarget(server.Target, FastRetries);
        injector.AppliesTo = server.ListUploadsRequests;
        injector.FailNext = 1;

        var uploads = await retrying.ListUploadsAsync(bucket, "pending/").ToListAsync();

        Assert.Equal(2, injector.WatchedRequests);
        Assert.Equal(1, injector.InjectedTotal);
        var listed = Assert.Single(uploads);
        Assert.Equal(uploadId, listed.UploadId);
        Assert.Equal(location, listed.Location);
    }

    [Theory]
    [MemberData(nameof(Servers))]
    public async Task ListUploadsAsync_Always503_ExactlyMaxRetriesPlusOneRequestsThenTransientError(string name)
    {
        var injector = new HttpFaultInjector(new SocketsHttpHandler()) { Faults = [HttpFault.ServiceUnavailable], Permanent = HttpFault.ServiceUnavailable };
        var server = OneRetryLayerServer.Create(name, injector);
        var bucket = await server.CreateBucketAsync();
        injector.AppliesTo = server.ListUploadsRequests;
        var retrying = new RetryingMultipartTarget(server.Target, FastRetries);

        var ex = await Assert.ThrowsAsync<TargetException>(async () => await retrying.ListUploadsAsync(bucket, string.Empty).ToListAsync());

        Assert.Equal(FastRetries.MaxRetryAttempts + 1, injector.WatchedRequests);
        Assert.True(ex.IsTransient);
    }

    public void Dispose()
    {
        temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
