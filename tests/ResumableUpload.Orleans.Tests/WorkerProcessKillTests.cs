using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using ResumableUpload.Orleans.Tests.Support;
using ResumableUpload.TestSupport;
using Xunit;

namespace ResumableUpload.Orleans.Tests;

/// <summary>Three <c>rupload worker</c> processes and a submitting <c>rupload upload --cluster</c>; one worker gets kill -9 mid-job.</summary>
[Collection(nameof(OrleansClusters))]
public sealed partial class WorkerProcessKillTests
{
    [Fact]
    public async Task UploadCommand_OneOfThreeWorkerProcessesKilledMidJob_JobCompletesVerifiedByDownload()
    {
        using var dir = new TempDirectory();
        var rgw = await Rgw.CreateAsync("orleans-procs");
        var source = dir.SubDirectory("src");
        var big = Path.Combine(source, "big.bin");
        TestData.WriteRandomFile(big, (9 * UploadCluster.PartSize) + 12_345, seed: 3); // 10 parts of 5 MiB
        var small = Directory.CreateDirectory(Path.Combine(source, "small")).FullName;
        for (var i = 0; i < 120; i++)
        {
            TestData.WriteRandomFile(Path.Combine(small, $"{i}.bin"), 1_000 + (i * 97), seed: 10 + i);
        }

        var env = ServerEnvironment.S3CliEnvironment();
        string[] cluster = ["--cluster", $"redis:{ServerEnvironment.Redis}", "--cluster-id", "t" + Guid.NewGuid().ToString("N")[..12]];
        string[] endpoint = ["--endpoint", ServerEnvironment.S3Endpoint];
        var workers = new List<Rupload>();
        try
        {
            for (var w = 0; w < 3; w++)
            {
                workers.Add(Rupload.Start(["worker", .. cluster, "--target", $"s3://{rgw.Bucket}", .. endpoint, "--part-size", "5MiB", "--items", "2"], env));
            }

            foreach (var worker in workers)
            {
                await UploadCluster.UntilAsync(() => Task.FromResult(worker.Output), o => o.Contains("worker up", StringComparison.Ordinal) || worker.HasExited, TimeSpan.FromSeconds(90), "a worker to join");
                Assert.False(worker.HasExited, worker.Output);
            }

            // kill -9 one worker, chosen at random, once a random amount of the job is recorded.
            var victim = workers[Random.Shared.Next(workers.Count)];
            var threshold = Random.Shared.Next(2, 40);
            string? killedAt = null;
            using var upload = Rupload.Start(["upload", source, $"s3://{rgw.Bucket}/procs/", .. cluster, .. endpoint, "--part-size", "5MiB", "--lease", "5s"], env, line =>
            {
                if (killedAt is null && Progress().Match(line) is { Success: true } m && line.Contains(" running ", StringComparison.Ordinal)
                    && int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) >= threshold)
                {
                    Process.GetProcessById(victim.ProcessId).Kill();
                    killedAt = line;
                }
            });
            var code = await upload.WaitAsync(TimeSpan.FromMinutes(4));

            Assert.True(code == 0, upload.Output);
            Assert.NotNull(killedAt);
            foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
            {
                var key = "procs/" + Path.GetRelativePath(source, file).Replace(Path.DirectorySeparatorChar, '/');
                Assert.True(await rgw.SameBytesAsync(key, file), $"{key} differs (killed at: {killedAt})");
            }

            Assert.Empty(await rgw.IncompleteUploadsAsync());
        }
        finally
        {
            foreach (var worker in workers.Where(w => !w.HasExited))
            {
                Process.GetProcessById(worker.ProcessId).Kill();
            }

            foreach (var worker in workers)
            {
                worker.Dispose();
            }
        }
    }

    [GeneratedRegex(@"files (\d+)/\d+.*parts recorded (\d+)")]
    private static partial Regex Progress();
}
