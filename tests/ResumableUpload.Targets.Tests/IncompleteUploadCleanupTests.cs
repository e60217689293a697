using Azure.Storage.Blobs;
using Microsoft.Extensions.Time.Testing;
using ResumableUpload.Testing;
using ResumableUpload.TestSupport;
using Xunit;

namespace ResumableUpload.Targets.Tests;

/// <summary>
/// <see cref="ResumableUploader.ListIncompleteUploadsAsync"/> and <see cref="ResumableUploader.SweepIncompleteUploadsAsync"/>
/// against one target: two old uploads and one new one under a fresh prefix, one old upload under another prefix. The
/// ages are real initiation times as the target reports them; the sweep's "now" is a fake clock set one hour after the
/// newest old upload, so a one-hour sweep takes exactly the old ones.
/// </summary>
public abstract class IncompleteUploadCleanupTests
{
    private static readonly TimeSpan OneHour = TimeSpan.FromHours(1);

    /// <summary>Gets the resolution of the target's initiation times (new uploads are started once it has passed).</summary>
    protected virtual TimeSpan TimeResolution => TimeSpan.FromSeconds(1);

    [Fact]
    public async Task ListIncompleteUploadsAsync_UploadsUnderPrefix_ListsExactlyThem()
    {
        var scene = await SceneAsync();

        var listed = await scene.Uploader.ListIncompleteUploadsAsync(scene.Bucket, scene.Prefix).ToListAsync();

        Assert.Equal(Ids(scene.Old.Concat(scene.New)), Ids(listed));
        Assert.Equal(scene.Old.Concat(scene.New).Select(u => u.Location.ToString()).Order(StringComparer.Ordinal), listed.Select(u => u.Location.ToString()).Order(StringComparer.Ordinal));
        Assert.All(listed, u => Assert.InRange(u.InitiatedAt, scene.Started - TimeResolution, DateTimeOffset.UtcNow));
    }

    [Fact]
    public async Task SweepIncompleteUploadsAsync_DryRun_AbortsNothingAndReportsTheOldOnes()
    {
        var scene = await SceneAsync();

        var result = await scene.Uploader.SweepIncompleteUploadsAsync(scene.Bucket, scene.Prefix, OneHour, dryRun: true);

        Assert.True(result.DryRun);
        Assert.Equal(Ids(scene.Old), Ids(result.Aborted));
        Assert.Empty(result.Failures);
        Assert.Empty(result.AlreadyGone);
        Assert.Equal(Ids(scene.Old.Concat(scene.New)), Ids(await scene.Uploader.ListIncompleteUploadsAsync(scene.Bucket, scene.Prefix).ToListAsync()));
    }

    [Fact]
    public async Task SweepIncompleteUploadsAsync_OldAndNewUploads_AbortsExactlyTheOldOnes()
    {
        var scene = await SceneAsync();

        var result = await scene.Uploader.SweepIncompleteUploadsAsync(scene.Bucket, scene.Prefix, OneHour);

        Assert.False(result.DryRun);
        Assert.Equal(scene.Clock.GetUtcNow() - OneHour, result.Cutoff);
        Assert.Equal(Ids(scene.Old), Ids(result.Aborted));
        Assert.Empty(result.Failures);
        Assert.Equal(Ids(scene.New), Ids(await scene.Uploader.ListIncompleteUploadsAsync(scene.Bucket, scene.Prefix).ToListAsync()));
        Assert.Equal(Ids([scene.Outside]), Ids(await scene.Uploader.ListIncompleteUploadsAsync(scene.Bucket, "other-" + scene.Prefix).ToListAsync()));
    }

    [Fact]
    public async Task SweepIncompleteUploadsAsync_OneAbortFails_ReportsItAndAbortsTheRest()
    {
        var scene = await SceneAsync();
        var failing = scene.Old[0];
        scene.Target.FailAbortOf = failing.UploadId;

        var result = await scene.Uploader.SweepIncompleteUploadsAsync(scene.Bucket, scene.Prefix, TimeSpan.Zero);

        var failure = Assert.Single(result.Failures);
        Assert.Equal(failing, failure.Upload);
        Assert.Equal(TargetErrorKind.AccessDenied, failure.Error.Kind);
        Assert.Equal(Ids(scene.Old.Skip(1).Concat(scene.New)), Ids(result.Aborted));
        Assert.Equal(Ids([failing]), Ids(await scene.Uploader.ListIncompleteUploadsAsync(scene.Bucket, scene.Prefix).ToListAsync()));
    }

    [Fact]
    public async Task SweepIncompleteUploadsAsync_AbortFailsOnceTransiently_RetriesItThroughTheRetryLayer()
    {
        var scene = await SceneAsync(options: new UploadOptions { Retry = { BaseDelay = TimeSpan.Zero, MaxDelay = TimeSpan.Zero } });
        scene.Target.TransientAbortFailures = 1;

        var result = await scene.Uploader.SweepIncompleteUploadsAsync(scene.Bucket, scene.Prefix, OneHour);

        Assert.Empty(result.Failures);
        Assert.Equal(Ids(scene.Old), Ids(result.Aborted));
        Assert.Equal(scene.Old.Length + 1, scene.Target.AbortCalls);
        Assert.Equal(Ids(scene.New), Ids(await scene.Uploader.ListIncompleteUploadsAsync(scene.Bucket, scene.Prefix).ToListAsync()));
    }

    [Fact]
    public async Task SweepIncompleteUploadsAsync_CheckpointRecordsAnOldUpload_LeavesItAndAbortsTheRest()
    {
        using var directory = new TempDirectory();
        var store = new FileCheckpointStore(directory.Path);
        var scene = await SceneAsync(store);
        var resumable = scene.Old[1];
        var lease = await store.AcquireAsync(CheckpointKey.For(directory.File("source.bin"), scene.Target.Identity, resumable.Location));
        await using (lease)
        {
            await lease.CreateAsync(new CheckpointHeader
            {
                TargetIdentity = scene.Target.Identity,
                Location = resumable.Location,
                UploadId = resumable.UploadId,
                Source = new SourceIdentity(directory.File("source.bin"), 1, DateTime.UnixEpoch, null),
                PartSize = UploadOptions.MinPartSize,
                PartCount = 1,
                Algorithm = ChecksumAlgorithm.Crc64Xz,
                CreatedAt = resumable.InitiatedAt,
            });
        }

        var result = await scene.Uploader.SweepIncompleteUploadsAsync(scene.Bucket, scene.Prefix, OneHour);

        Assert.Equal(Ids([resumable]), Ids(result.Protected));
        Assert.Equal(Ids([scene.Old[0]]), Ids(result.Aborted));
        Assert.Equal(Ids([resumable, .. scene.New]), Ids(await scene.Uploader.ListIncompleteUploadsAsync(scene.Bucket, scene.Prefix).ToListAsync()));
    }

    /// <summary>Creates the target under test.</summary>
    /// <returns>The target.</returns>
    protected abstract IMultipartTarget CreateTarget();

    /// <summary>Creates a fresh bucket or container on the target.</summary>
    /// <param name="target">The target <see cref="CreateTarget"/> returned.</param>
    /// <returns>Its name.</returns>
    protected abstract Task<string> CreateBucketAsync(IMultipartTarget target);

    private static string[] Ids(IEnumerable<PendingUpload> uploads) => [.. uploads.Select(u => u.UploadId).Order(StringComparer.Ordinal)];

    private async Task<Scene> SceneAsync(ICheckpointStore? store = null, UploadOptions? options = null)
    {
        var started = DateTimeOffset.UtcNow;
        var inner = CreateTarget();
        var bucket = await CreateBucketAsync(inner);
        var target = new AbortFaultTarget(inner);
        var prefix = "sweep-" + Guid.NewGuid().ToString("N")[..8] + "/";
        var clock = new FakeTimeProvider();
        var uploader = new ResumableUploader(target, store, options, timeProvider: clock);

        var old = new[] { await InitiateAsync(target, bucket, prefix + "old/1.bin"), await InitiateAsync(target, bucket, prefix + "old/2.bin") };
        var outside = await InitiateAsync(target, bucket, "other-" + prefix + "old.bin");
        var listed = await uploader.ListIncompleteUploadsAsync(bucket, string.Empty).ToListAsync();
        var oldUploads = old.Select(id => listed.Single(u => u.UploadId == id)).ToArray();
        var newestOld = listed.Where(u => old.Contains(u.UploadId) || u.UploadId == outside).Max(u => u.InitiatedAt);

        // The target stamps initiation times on this machine's clock, to TimeResolution: once the clock has passed the
        // newest old stamp by one resolution step, every upload started from here on is stamped strictly later. One step
        // more of margin: Azurite once stamped an upload started just past that point with the old second (2026-12-02).
        var wait = newestOld + TimeResolution + TimeResolution - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        var fresh = await InitiateAsync(target, bucket, prefix + "new/1.bin");
        var newUpload = (await uploader.ListIncompleteUploadsAsync(bucket, prefix + "new/").ToListAsync()).Single(u => u.UploadId == fresh);
        Assert.True(newUpload.InitiatedAt > newestOld, $"the new upload ({newUpload.InitiatedAt:O}) must be stamped after the old ones ({newestOld:O})");

        clock.SetUtcNow(newestOld + OneHour);
        var outsideUpload = listed.Single(u => u.UploadId == outside);
        return new Scene(uploader, target, clock, bucket, prefix, oldUploads, [newUpload], outsideUpload, started);
    }

    private static Task<string> InitiateAsync(IMultipartTarget target, string bucket, string key)
        => target.InitiateAsync(new ObjectLocation(bucket, key), ObjectProperties.Empty, ChecksumAlgorithm.Crc64Xz);

    private sealed record Scene(ResumableUploader Uploader, AbortFaultTarget Target, FakeTimeProvider Clock, string Bucket, string Prefix, PendingUpload[] Old, PendingUpload[] New, PendingUpload Outside, DateTimeOffset Started);
}

/// <summary>The clean-up API on <see cref="InMemoryMultipartTarget"/> (initiation times to the tick).</summary>
public sealed class InMemoryIncompleteUploadCleanupTests : IncompleteUploadCleanupTests
{
    protected override TimeSpan TimeResolution => TimeSpan.FromMilliseconds(1);

    protected override IMultipartTarget CreateTarget() => new InMemoryMultipartTarget();

    protected override Task<string> CreateBucketAsync(IMultipartTarget target) => Task.FromResult("bucket");

    [Fact]
    public async Task SweepIncompleteUploadsAsync_NegativeAge_Throws()
    {
        var uploader = new ResumableUploader(new InMemoryMultipartTarget());
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>("olderThan", () => uploader.SweepIncompleteUploadsAsync("b", "p/", TimeSpan.FromSeconds(-1)));
    }
}

/// <summary>The clean-up API on Ceph RGW; listings page by 2 so that the sweep's listing pages.</summary>
public sealed class RgwIncompleteUploadCleanupTests : IncompleteUploadCleanupTests
{
    protected override IMultipartTarget CreateTarget() => RgwStore.CreateTarget(listPageSize: 2);

    protected override Task<string> CreateBucketAsync(IMultipartTarget target) => RgwStore.CreateBucketAsync((ResumableUpload.S3.S3MultipartTarget)target);
}

/// <summary>The clean-up API on Azurite; listings page by 2.</summary>
public sealed class AzuriteIncompleteUploadCleanupTests : IncompleteUploadCleanupTests
{
    private readonly BlobServiceClient service = AzuriteStore.CreateClient();

    protected override IMultipartTarget CreateTarget() => AzuriteStore.CreateTarget(service, listPageSize: 2);

    protected override Task<string> CreateBucketAsync(IMultipartTarget target) => AzuriteStore.CreateContainerAsync(service);
}
