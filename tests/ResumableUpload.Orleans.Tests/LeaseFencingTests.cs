using ResumableUpload.Orleans.Grains;
using ResumableUpload.Orleans.Tests.Support;
using ResumableUpload.Orleans.Worker;
using ResumableUpload.TestSupport;
using Xunit;

namespace ResumableUpload.Orleans.Tests;

/// <summary>Epochs, idempotent parts and the source check, with the test as the workers, against one silo on RGW and Redis.</summary>
[Collection(nameof(OrleansClusters))]
public sealed class LeaseFencingTests(CoordinatorCluster coordinator) : IClassFixture<CoordinatorCluster>
{
    private static readonly UploadJobOptions ThreeParts = new() { PartSize = UploadCluster.PartSize, PartsPerItem = 3 };

    [Fact]
    public async Task RecordPart_StaleEpoch_RefusedAndTheNewHolderCompletes()
    {
        using var dir = new TempDirectory();
        var (job, status, file) = await SubmitAsync(dir, "stale");
        var a = (await job.LeaseAsync("A"))!;
        Assert.Equal([1, 2, 3], a.Files[0].PartsToSend);
        await SendAsync(job, a, 1);
        Assert.Equal(RecordOutcome.Recorded, await job.FailAsync(a.ItemId, a.Epoch, null, "A stalls"));

        var b = (await job.LeaseAsync("B"))!;

        Assert.Equal(a.ItemId, b.ItemId);
        Assert.True(b.Epoch > a.Epoch);
        Assert.Equal([2, 3], b.Files[0].PartsToSend); // the part A recorded is kept
        await Assert.ThrowsAsync<CheckpointLockedException>(() => SendAsync(job, a, 2)); // sent, but not recorded
        Assert.Equal(RecordOutcome.StaleEpoch, await job.RenewAsync(a.ItemId, a.Epoch));
        Assert.Equal(RecordOutcome.StaleEpoch, await job.FinishItemAsync(a.ItemId, a.Epoch));
        Assert.Equal(1, (await job.GetStatusAsync()).PartsRecorded);

        await new WorkItemRunner(coordinator.Cluster.Client, coordinator.Runtime).RunAsync(b, CancellationToken.None);

        var done = await job.GetStatusAsync();
        Assert.Equal(UploadJobState.Completed, done.State);
        Assert.True(await coordinator.Rgw.SameBytesAsync(file.Key, file.SourcePath));
        Assert.DoesNotContain(await coordinator.Rgw.IncompleteUploadsAsync(), u => u.Location.Key == file.Key);
        Assert.Equal(status.JobId, done.JobId);
    }

    [Fact]
    public async Task PartUpload_SentTwice_OneRecordAndTheObjectIsWhole()
    {
        using var dir = new TempDirectory();
        var (job, _, file) = await SubmitAsync(dir, "twice");
        var a = (await job.LeaseAsync("A"))!;

        await SendAsync(job, a, 1, 2, 3);
        await SendAsync(job, a, 2);

        Assert.Equal(3, (await job.GetStatusAsync()).PartsRecorded);
        Assert.Equal(RecordOutcome.Recorded, await job.FinishItemAsync(a.ItemId, a.Epoch));
        Assert.Equal(UploadJobState.Completed, (await job.GetStatusAsync()).State);
        Assert.True(await coordinator.Rgw.SameBytesAsync(file.Key, file.SourcePath));
        Assert.DoesNotContain(await coordinator.Rgw.IncompleteUploadsAsync(), u => u.Location.Key == file.Key);
    }

    [Fact]
    public async Task Worker_SourceContentChangedAfterSubmit_RefusesItAndLeavesNoUpload()
    {
        using var dir = new TempDirectory();
        var (job, _, file) = await SubmitAsync(dir, "changed");

        // Same length and last-write time, other bytes: only the first part's CRC tells.
        var written = File.GetLastWriteTimeUtc(file.SourcePath);
        TestData.WriteRandomFile(file.SourcePath, new FileInfo(file.SourcePath).Length, seed: 99);
        File.SetLastWriteTimeUtc(file.SourcePath, written);
        var runner = new WorkItemRunner(coordinator.Cluster.Client, coordinator.Runtime);
        while (await job.LeaseAsync("B") is { } lease)
        {
            await runner.RunAsync(lease, CancellationToken.None);
        }

        var status = await job.GetStatusAsync();
        Assert.Equal(UploadJobState.Failed, status.State);
        Assert.Contains("CRC-64/NVME of its first", Assert.Single(status.Errors), StringComparison.Ordinal);
        Assert.DoesNotContain(await coordinator.Rgw.IncompleteUploadsAsync(), u => u.Location.Key == file.Key);
    }

    [Fact]
    public async Task AbortAsync_JobMidway_AbortedWithNoIncompleteUploadAndRecordsRefused()
    {
        using var dir = new TempDirectory();
        var (job, status, file) = await SubmitAsync(dir, "abort");
        var a = (await job.LeaseAsync("A"))!;
        await SendAsync(job, a, 1);

        var aborted = await new UploadJobClient(coordinator.Cluster.Client).AbortAsync(status.JobId);

        Assert.Equal(UploadJobState.Aborted, aborted.State);
        Assert.Equal(RecordOutcome.JobStopped, await job.RenewAsync(a.ItemId, a.Epoch));
        Assert.Equal(RecordOutcome.JobStopped, await job.RecordPartAsync(a.ItemId, a.Epoch, new PartEntry(2, UploadCluster.PartSize, UploadCluster.PartSize, "\"e\"", 0)));
        // The upload is gone, so a late part cannot land either (the target refuses it, or the grain its record).
        await Assert.ThrowsAnyAsync<ResumableUploadException>(() => SendAsync(job, a, 2));
        Assert.Null(await job.LeaseAsync("B"));
        Assert.DoesNotContain(await coordinator.Rgw.IncompleteUploadsAsync(), u => u.Location.Key == file.Key);
    }

    private async Task<(IUploadJobGrain Job, UploadJobStatus Status, UploadRequest File)> SubmitAsync(TempDirectory dir, string name)
    {
        var file = new UploadRequest { SourcePath = dir.RandomFile(name, (2 * UploadCluster.PartSize) + 54_321, seed: name.Length), Bucket = coordinator.Rgw.Bucket, Key = $"{name}/{Guid.NewGuid():N}" };
        var status = await new UploadJobClient(coordinator.Cluster.Client).SubmitAsync([file], ThreeParts);
        return (coordinator.Cluster.Client.GetGrain<IUploadJobGrain>(status.JobId), status, file);
    }

    /// <summary>A worker's engine sends <paramref name="parts"/> of the lease's file, recording each through the grain with the lease's epoch.</summary>
    private Task SendAsync(IUploadJobGrain job, WorkLease lease, params int[] parts)
        => new WorkItemRunner(coordinator.Cluster.Client, coordinator.Runtime).SendPartsAsync(job, lease, lease.Files[0], parts, CancellationToken.None);
}
