using System.Diagnostics;
using ResumableUpload.Cli.Tests.Batch;
using ResumableUpload.TestSupport;
using Xunit.Abstractions;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// Issue 11's batch test: <c>rupload upload &lt;dir&gt; &lt;prefix&gt;/</c> of a 2,000-file directory (empty, tiny, one-part
/// and multipart files) is SIGKILLed three times at seeded random moments, then run to the end, to a local folder
/// (file checkpoints), Ceph RGW (SQLite) and Azurite (Redis). The rerun completes; every object is byte-identical (read
/// back, or by the ETag RGW computed from the stored bytes); no incomplete upload, staging debris or checkpoint (file or batch) is left; and no file a run reported
/// finished is sent again, by the CLI's own account (<c>--verbose</c> prints a line per file as the library yields its
/// outcome, after the batch ledger recorded it; later runs report it skipped, which sends nothing) and by the server's
/// (the object's modification time, S3 version ids or Azure ETag are the ones it had when the run that finished it died).
/// </summary>
[Collection(ServerProcessTestGroup.Name)]
public class BatchKillResumeTests(ITestOutputHelper output) : IDisposable
{
    private const int FileCount = 2000;
    private const int Kills = 3;
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task UploadDirectory_LocalFolderFileStoreKilledThreeTimes_RerunCompletesByteIdenticalNothingLeftNothingSentTwice()
    {
        var target = new LocalBatchTarget(temp.SubDirectory("objects"), temp.SubDirectory("checkpoints"));
        await KillThreeTimesThenFinishAsync(target, multipartFiles: 8, seed: 111);
    }

    [Fact]
    public async Task UploadDirectory_RgwSqliteStoreKilledThreeTimes_RerunCompletesByteIdenticalNothingLeftNothingSentTwice()
    {
        await using var target = await RgwBatchTarget.CreateAsync(temp.File("checkpoints.db"));
        await KillThreeTimesThenFinishAsync(target, multipartFiles: 4, seed: 222);
    }

    [Fact]
    public async Task UploadDirectory_AzuriteRedisStoreKilledThreeTimes_RerunCompletesByteIdenticalNothingLeftNothingSentTwice()
    {
        await using var target = await AzuriteBatchTarget.CreateAsync();
        await KillThreeTimesThenFinishAsync(target, multipartFiles: 8, seed: 333);
    }

    public void Dispose() => temp.Dispose();

    private async Task KillThreeTimesThenFinishAsync(BatchTarget target, int multipartFiles, int seed)
    {
        var clock = Stopwatch.StartNew();
        var source = BatchSource.Write(temp.SubDirectory("source"), FileCount, target.PartSize, multipartFiles, seed);
        string[] args =
        [
            "upload", source.Root, target.Destination, "--checkpoint", target.Checkpoint, "--part-size", target.PartSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--files-in-flight", "16", "--progress", "none", "--verbose", .. target.CliArguments,
        ];
        var prefix = target.KeyPrefix;
        output.WriteLine($"{FileCount} files ({source.Empty} empty, {source.Multipart} of 2-3 parts of {target.PartSize} bytes), {source.TotalBytes} bytes, written in {clock.Elapsed.TotalSeconds:0.0} s");

        // key -> the run that reported it uploaded; and the server's record of each finished object when its run died.
        var finishedIn = new Dictionary<string, int>(StringComparer.Ordinal);
        var writesWhenFinished = new Dictionary<string, string>(StringComparer.Ordinal);
        var random = new Random(seed);
        for (var run = 0; run < Kills; run++)
        {
            // A random moment: after 100-400 files of this run were reported uploaded (the line is read and the kill
            // sent while the child goes on, so it lands with files, and often parts of a multipart file, in flight).
            var killAfter = random.Next(100, 401);
            using var child = BatchChild.Start(args, target.CliEnvironment);
            child.OnUploaded = count =>
            {
                if (count == killAfter)
                {
                    child.KillHard();
                }
            };
            var code = await child.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(code == 128 + 9, $"run {run} was to be killed after {killAfter} files but exited {code}:\n{child.Output}");

            var outcomes = child.Outcomes;
            var failed = outcomes.Where(o => o.Status == "failed").Select(o => o.Key).ToList();
            Assert.True(failed.Count == 0, $"run {run} reported {failed.Count} file(s) failed; its lines about them:\n{string.Join('\n', child.Output.Split('\n').Where(l => failed.Any(k => l.Contains(k, StringComparison.Ordinal))))}");
            foreach (var (_, key) in outcomes.Where(o => o.Status == "uploaded"))
            {
                Assert.False(finishedIn.TryGetValue(key, out var earlier), $"{key} was reported uploaded by run {earlier} and sent again by run {run}");
                finishedIn[key] = run;
            }

            var writes = await target.WritesAsync();
            foreach (var (_, key) in outcomes.Where(o => o.Status == "uploaded"))
            {
                Assert.True(writes.TryGetValue(key, out var write), $"{key} was reported uploaded by run {run} but is not on the target");
                writesWhenFinished[key] = write;
            }

            output.WriteLine($"run {run}: killed after {killAfter} files reported uploaded ({outcomes.Count(o => o.Status == "uploaded")} reported by then, {outcomes.Count(o => o.Status == "skipped")} skipped, {child.Resumed} resumed at part level), {clock.Elapsed.TotalSeconds:0.0} s");
        }

        using (var last = BatchChild.Start(args, target.CliEnvironment))
        {
            var code = await last.WaitAsync(TimeSpan.FromMinutes(2));
            Assert.True(code == 0, $"the rerun exited {code}:\n{last.Output}");
            var outcomes = last.Outcomes;
            Assert.DoesNotContain(outcomes, o => o.Status == "failed");

            // Every file is reported exactly once, and none reported finished by a killed run is sent again.
            Assert.Equal(FileCount, outcomes.Count);
            Assert.Equal(source.Files.Keys.Select(k => prefix + k).Order(StringComparer.Ordinal), outcomes.Select(o => o.Key).Order(StringComparer.Ordinal));
            foreach (var (status, key) in outcomes)
            {
                Assert.True(status == "skipped" || !finishedIn.ContainsKey(key), $"{key} was reported uploaded by run {finishedIn.GetValueOrDefault(key)} and sent again by the rerun");
            }

            var uploaded = outcomes.Count(o => o.Status == "uploaded");
            Assert.Contains($"Uploaded {uploaded}, skipped as already done {FileCount - uploaded}, failed 0", last.Output, StringComparison.Ordinal);
            output.WriteLine($"rerun: {uploaded} uploaded, {outcomes.Count(o => o.Status == "skipped")} skipped, {last.Resumed} resumed at part level, exit 0, {clock.Elapsed.TotalSeconds:0.0} s");
            Assert.True(uploaded > 0, "the kills left nothing for the rerun");
        }

        // The server's side of "not sent again": each object a killed run finished is still the write it was then.
        var finalWrites = await target.WritesAsync();
        foreach (var (key, write) in writesWhenFinished)
        {
            Assert.True(finalWrites.GetValueOrDefault(key) == write, $"{key}, reported uploaded by run {finishedIn[key]}, was written again: {write} then {finalWrites.GetValueOrDefault(key)}");
        }

        Assert.Equal(FileCount, finalWrites.Count);
        var differences = await target.DifferencesAsync(source.Files.ToDictionary(f => prefix + f.Key, f => f.Value, StringComparer.Ordinal));
        Assert.True(differences.Count == 0, $"{differences.Count} objects are not byte-identical to their sources:\n" + string.Join('\n', differences.Take(20)));

        var leftovers = await target.LeftoversAsync();
        Assert.True(leftovers.Count == 0, "left behind:\n" + string.Join('\n', leftovers));
        output.WriteLine($"verified {FileCount} objects byte-identical, {writesWhenFinished.Count} finished by killed runs unchanged, nothing left; {clock.Elapsed.TotalSeconds:0.0} s in all");
    }
}
