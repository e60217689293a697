using Microsoft.Extensions.DependencyInjection;
using ResumableUpload.Orleans.Grains;
using ResumableUpload.Orleans.Tests.Support;
using ResumableUpload.Orleans.Worker;
using ResumableUpload.S3;
using ResumableUpload.TestSupport;
using Xunit;

namespace ResumableUpload.Orleans.Tests;

/// <summary>
/// A job whose every part is recorded but whose complete failed, with no worker left to ask for work and the job
/// grain's silo killed: only the job's reminder (Orleans' Redis reminder service, a 2 s period) can re-drive it.
/// </summary>
[Collection(nameof(OrleansClusters))]
public sealed class ReminderRedriveTests
{
    [Fact]
    public async Task JobReminder_CompleteFailedAndGrainSiloKilledWithNoWorkerAsking_ReminderCompletesTheJob()
    {
        using var dir = new TempDirectory();
        var rgw = await Rgw.CreateAsync("orleans-remind");
        var file = new UploadRequest { SourcePath = dir.RandomFile("stalled.bin", UploadCluster.PartSize + 4_321, seed: 41), Bucket = rgw.Bucket, Key = "stalled.bin" };
        var fault = new CompleteFault();
        await using var cluster = await UploadCluster.StartAsync(2, () => new GatedTarget(S3MultipartTarget.Create(Rgw.Options()), new TestGate(int.MaxValue), fault), w =>
        {
            w.Enabled = false; // no worker polls: nothing but the reminder drives the job
            w.ReminderPeriod = TimeSpan.FromSeconds(2);
        });
        try
        {
            var client = new UploadJobClient(cluster.Client);
            var status = await client.SubmitAsync([file], new UploadJobOptions { PartSize = UploadCluster.PartSize, PartsPerItem = 2 });
            var job = cluster.Client.GetGrain<IUploadJobGrain>(status.JobId);

            // The test is the only worker: it sends and records both parts; the complete that follows fails.
            var lease = (await job.LeaseAsync("the only worker"))!;
            var runtime = cluster.GetSiloServiceProvider().GetRequiredService<UploadWorkerRuntime>();
            await Assert.ThrowsAnyAsync<Exception>(() => new WorkItemRunner(cluster.Client, runtime).RunAsync(lease, CancellationToken.None));
            var stalled = await client.GetStatusAsync(status.JobId);
            Assert.Equal((UploadJobState.Running, 2, 0), (stalled.State, stalled.PartsRecorded, stalled.FilesDone));

            // The grain's silo dies; the survivor's reminder service takes the reminder over from Redis.
            var grainId = job.GetGrainId();
            Assert.True(cluster.TryGetGrainContext(grainId, out var context), "the job grain is not active");
            await cluster.KillSiloAsync(cluster.GetSiloForAddress(context.Address.SiloAddress!)!);
            var failedBefore = fault.Attempts;
            fault.Failing = false;

            // Status reads only (they do not drive): the job completes when a reminder tick re-drives it.
            var done = await UploadCluster.UntilAsync(() => client.GetStatusAsync(status.JobId), s => s.State != UploadJobState.Running, TimeSpan.FromSeconds(60), "the reminder to complete the job");

            Assert.Equal(UploadJobState.Completed, done.State);
            Assert.True(fault.Attempts > failedBefore, "no complete was attempted after the kill");
            Assert.True(await rgw.SameBytesAsync(file.Key, file.SourcePath));
            Assert.Empty(await rgw.IncompleteUploadsAsync());
        }
        finally
        {
            await rgw.DeleteAsync();
        }
    }
}
