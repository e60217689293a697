using System.Diagnostics;
using ResumableUpload.Orleans;
using ResumableUpload.Orleans.Grains;

namespace ResumableUpload.OrleansScaling;

/// <summary>
/// How fast one job grain records parts: one silo hosts the job (its worker off), <c>callers</c> play workers that
/// each lease items of 100 parts and record them one after another (a grain call and a whole-state write to Redis
/// each). No part bytes move; the first lease of each item initiates on the sink.
/// </summary>
internal sealed record RecordRateResult(int Callers, int Records, TimeSpan Elapsed, double FirstTenthPerSecond, double LastTenthPerSecond)
{
    public double PerSecond => Records / Elapsed.TotalSeconds;

    public static async Task<RecordRateResult> RunAsync(int callers, int parts, string directory)
    {
        var counter = new CallCounter();
        await using var cluster = await BenchCluster.StartAsync(1, () => new NicTarget(new SinkParts(), 10_000_000_000) /* no parts move here */, counter, workers: false);
        var file = BenchCluster.SparseFile(directory, "records.bin", parts * BenchCluster.PartSize);
        var client = new UploadJobClient(cluster.Client);
        var status = await client.SubmitAsync(
            [new UploadRequest { SourcePath = file, Bucket = "bench", Key = $"rate-{Guid.NewGuid():N}" }],
            new UploadJobOptions { PartSize = BenchCluster.PartSize, PartsPerItem = 100, LeaseDuration = TimeSpan.FromMinutes(10) });
        var job = cluster.Client.GetGrain<IUploadJobGrain>(status.JobId);
        var stamps = new long[parts];
        var recorded = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(async c =>
        {
            while (await job.LeaseAsync($"caller-{c}") is { } lease)
            {
                foreach (var p in lease.Files[0].PartsToSend)
                {
                    await job.RecordPartAsync(lease.ItemId, lease.Epoch, new PartEntry(p, (p - 1) * BenchCluster.PartSize, BenchCluster.PartSize, "\"0123456789abcdef\"", 0x1234567890abcdefUL));
                    stamps[Interlocked.Increment(ref recorded)] = clock.ElapsedTicks;
                }
            }
        }));
        clock.Stop();
        await client.AbortAsync(status.JobId);
        File.Delete(file);
        var tenth = parts / 10;
        double Rate(int from, int to) => (to - from) / ((stamps[to] - stamps[from]) / (double)Stopwatch.Frequency);
        return new RecordRateResult(callers, recorded + 1, clock.Elapsed, Rate(0, tenth), Rate(parts - 1 - tenth, parts - 1));
    }
}
