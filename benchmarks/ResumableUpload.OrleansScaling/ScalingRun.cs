using System.Diagnostics;
using ResumableUpload.Orleans;

namespace ResumableUpload.OrleansScaling;

/// <summary>One job of N x <c>bytesPerSilo</c> on N silos, each behind a simulated card of <c>bytesPerSecond</c>.</summary>
internal sealed record ScalingResult(int Silos, long Bytes, int Parts, TimeSpan Elapsed, TimeSpan Cpu, Dictionary<string, int> Calls)
{
    public double MegabytesPerSecond => Bytes / Elapsed.TotalSeconds / 1e6;

    /// <summary>Gets the calls to the job and registry grains the workers and the submission made (the client's status polling and Orleans' own calls left out).</summary>
    public int CoordinationCalls => Calls.Where(c => c.Key.StartsWith("ResumableUpload.", StringComparison.Ordinal) && !c.Key.EndsWith(".GetStatusAsync", StringComparison.Ordinal)).Sum(c => c.Value);

    public static async Task<ScalingResult> RunAsync(short silos, long bytesPerSilo, long bytesPerSecond, string directory)
    {
        var sink = new SinkParts();
        var counter = new CallCounter();
        var cards = new List<NicTarget>();
        await using var cluster = await BenchCluster.StartAsync(silos, () => { var card = new NicTarget(sink, bytesPerSecond); lock (cards) { cards.Add(card); } return card; }, counter, workers: true);
        var bytes = silos * bytesPerSilo;
        var file = BenchCluster.SparseFile(directory, $"n{silos}.bin", bytes);
        var client = new UploadJobClient(cluster.Client);
        counter.TakeSnapshot(); // start-up calls are not the job's
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var status = await client.SubmitAsync(
            [new UploadRequest { SourcePath = file, Bucket = "bench", Key = $"n{silos}-{Guid.NewGuid():N}" }],
            new UploadJobOptions { PartSize = BenchCluster.PartSize, PartsPerItem = 4, LeaseDuration = TimeSpan.FromMinutes(2) });
        var done = await client.WaitAsync(status.JobId, progress: null, pollInterval: TimeSpan.FromMilliseconds(100));
        clock.Stop();
        cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        File.Delete(file);
        if (done.State != UploadJobState.Completed)
        {
            throw new InvalidOperationException($"The job ended {done.State}: {string.Join("; ", done.Errors)}");
        }

        foreach (var card in cards)
        {
            card.Dispose();
        }

        return new ScalingResult(silos, bytes, done.PartsRecorded, clock.Elapsed, cpu, counter.TakeSnapshot());
    }
}
