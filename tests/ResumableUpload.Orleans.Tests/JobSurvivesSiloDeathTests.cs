using Orleans.Runtime;
using Orleans.TestingHost;
using ResumableUpload.Orleans.Grains;
using ResumableUpload.Orleans.Tests.Support;
using ResumableUpload.S3;
using ResumableUpload.TestSupport;
using Xunit;

namespace ResumableUpload.Orleans.Tests;

/// <summary>Three silos on RGW and Redis; the job grain's silo dies, then a worker silo; the job still completes whole.</summary>
[Collection(nameof(OrleansClusters))]
public sealed class JobSurvivesSiloDeathTests
{
    [Fact]
    public async Task UploadJob_GrainSiloThenWorkerSiloKilledMidJob_CompletesByteIdenticalWithNoIncompleteUpload()
    {
        using var dir = new TempDirectory();
        var rgw = await Rgw.CreateAsync("orleans-kill");
        var files = new List<UploadRequest>
        {
            // 5 parts of 5 MiB, one per work item, so the range items spread over the silos.
            new() { SourcePath = dir.RandomFile("big.bin", (4 * UploadCluster.PartSize) + 123_457, seed: 7), Bucket = rgw.Bucket, Key = "job/big.bin" },
        };
        for (var i = 0; i < 24; i++)
        {
            files.Add(new() { SourcePath = dir.RandomFile($"small-{i}.bin", 20_000 + (i * 7_001), seed: 100 + i), Bucket = rgw.Bucket, Key = $"job/small/{i}.bin" });
        }

        // Four sends pass, then every send waits at the gate: the job is surely mid-way when the silos die.
        var gate = new TestGate(allowance: 4);
        await using var cluster = await UploadCluster.StartAsync(3, () => new GatedTarget(S3MultipartTarget.Create(Rgw.Options()), gate), w =>
        {
            w.PollInterval = TimeSpan.FromMilliseconds(100);
            w.ItemsInFlight = 2;
        });
        var client = new UploadJobClient(cluster.Client);
        var options = new UploadJobOptions { PartSize = UploadCluster.PartSize, PartsPerItem = 1, FilesPerItem = 4, LeaseDuration = TimeSpan.FromSeconds(3) };
        var submitted = await client.SubmitAsync(files, options);
        var job = submitted.JobId;

        var midway = await UploadCluster.UntilAsync(() => client.GetStatusAsync(job), s => s.PartsRecorded + s.FilesDone >= 2 && gate.Waiting >= 2, TimeSpan.FromSeconds(30), "two records and two sends held at the gate");
        Assert.Equal(UploadJobState.Running, midway.State);

        var grainSilo = await KillSiloHoldingAsync(cluster, job);
        // The job grain re-activates on a survivor from Redis; then kill a silo that does not hold it: a worker silo.
        var afterFirst = await client.GetStatusAsync(job);
        Assert.Equal(UploadJobState.Running, afterFirst.State);
        Assert.True(afterFirst.PartsRecorded + afterFirst.FilesDone >= midway.PartsRecorded + midway.FilesDone, "a recorded part or file was lost with the grain's silo");
        var holder = SiloHolding(cluster, job);
        var worker = cluster.Silos.First(s => s.SiloAddress != holder);
        await cluster.KillSiloAsync(worker);
        Assert.NotEqual(grainSilo, worker.SiloAddress);

        gate.Open();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var done = await client.WaitAsync(job, pollInterval: TimeSpan.FromMilliseconds(100), cancellationToken: limit.Token);

        Assert.Equal(UploadJobState.Completed, done.State);
        Assert.Equal(files.Count, done.FilesDone);
        Assert.Empty(done.Errors);
        foreach (var file in files)
        {
            Assert.True(await rgw.SameBytesAsync(file.Key, file.SourcePath), $"{file.Key} differs from {file.SourcePath}");
        }

        Assert.Empty(await rgw.IncompleteUploadsAsync());

        // The same job again attaches to the one that completed: nothing is sent again.
        var again = await client.SubmitAsync(files, options);
        Assert.Equal(job, again.JobId);
        Assert.Equal(UploadJobState.Completed, again.State);
    }

    private static SiloAddress SiloHolding(InProcessTestCluster cluster, string jobId)
    {
        var grainId = cluster.Client.GetGrain<IUploadJobGrain>(jobId).GetGrainId();
        Assert.True(cluster.TryGetGrainContext(grainId, out var context), "the job grain is not active on any silo");
        return context.Address.SiloAddress!;
    }

    private static async Task<SiloAddress> KillSiloHoldingAsync(InProcessTestCluster cluster, string jobId)
    {
        var address = SiloHolding(cluster, jobId);
        var silo = cluster.GetSiloForAddress(address) ?? throw new InvalidOperationException($"No silo at {address}.");
        await cluster.KillSiloAsync(silo);
        return address;
    }
}
