using System.Threading.Tasks.Dataflow;
using ResumableUpload.Tests.Pipeline;

namespace ResumableUpload.Tests.Batch;

public sealed class BatchUploadTests : IDisposable
{
    private readonly UploaderFixture fixture = new();

    public void Dispose() => fixture.Dispose();

    [Fact]
    public async Task UploadDirectory_AppliesGlobsAndPrefix_EveryObjectByteIdentical()
    {
        var root = fixture.Temp.SubDirectory("src");
        var files = new Dictionary<string, long> { ["a/x.csv"] = 1000, ["a/deep/y.csv"] = 350 * 1024, ["a/y.log"] = 10, ["b/z.csv"] = 5, ["empty.csv"] = 0 };
        foreach (var (name, length) in files)
        {
            Write(root, name, length);
        }

        var request = new DirectoryUploadRequest { Directory = root, Bucket = "b", KeyPrefix = "out/", Include = ["**/*.csv"], Exclude = ["b/**"] };
        var summary = await BatchSummary.CollectAsync(fixture.Uploader().UploadDirectoryAsync(request));

        Assert.Equal(3, summary.Uploaded);
        Assert.Equal(0, summary.Failed);
        foreach (var name in new[] { "a/x.csv", "a/deep/y.csv", "empty.csv" })
        {
            Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(root, name)), fixture.Target.GetObject(new ObjectLocation("b", "out/" + name)));
        }

        Assert.Null(fixture.Target.GetObject(new ObjectLocation("b", "out/a/y.log")));
        Assert.Null(fixture.Target.GetObject(new ObjectLocation("b", "out/b/z.csv")));
        Assert.Equal(0, fixture.CheckpointFiles); // the batch ended with every file done: its ledger is gone
    }

    [Fact]
    public async Task UploadDirectory_FileProgress_CalledOnceAsEachFileStartsAndEachEndsAtItsLength()
    {
        var root = fixture.Temp.SubDirectory("followed");
        var lengths = new Dictionary<string, long> { ["empty.bin"] = 0, ["small.bin"] = 100, ["big.bin"] = 3 * UploaderFixture.PartSize + 1 };
        foreach (var (name, length) in lengths)
        {
            Write(root, name, length);
        }

        var asked = new System.Collections.Concurrent.ConcurrentDictionary<string, int>();
        var last = new System.Collections.Concurrent.ConcurrentDictionary<string, UploadProgress>();
        var batch = new BatchOptions
        {
            FileProgress = r =>
            {
                asked.AddOrUpdate(r.Key, 1, (_, n) => n + 1);
                return new Recorder(p => last[r.Key] = p);
            },
        };

        var summary = await BatchSummary.CollectAsync(fixture.Uploader().UploadDirectoryAsync(new DirectoryUploadRequest { Directory = root, Bucket = "b", KeyPrefix = "f/" }, batch));

        Assert.Equal(3, summary.Uploaded);
        Assert.Equal(lengths.Keys.Select(k => "f/" + k).Order(StringComparer.Ordinal), asked.Keys.Order(StringComparer.Ordinal));
        Assert.All(asked.Values, n => Assert.Equal(1, n));
        foreach (var (name, length) in lengths)
        {
            Assert.Equal(length, last["f/" + name].TransferredBytes);
        }
    }

    private sealed class Recorder(Action<UploadProgress> report) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value) => report(value);
    }

    [Fact]
    public async Task UploadDirectory_Rerun_SendsOnlyWhatIsNotDone_ChangedFileAgain_BigFileResumesAtPartLevel()
    {
        var root = fixture.Temp.SubDirectory("src");
        for (var i = 0; i < 20; i++)
        {
            Write(root, $"small/{i:D2}.bin", i * 100);
        }

        Write(root, "big.bin", 10 * UploaderFixture.PartSize, seed: 7);
        fixture.Target.Faults.FailPart(5, times: 1000, TargetErrorKind.Permanent); // the big file fails at part 5
        var request = new DirectoryUploadRequest { Directory = root, Bucket = "b", KeyPrefix = "p/" };

        var first = await BatchSummary.CollectAsync(fixture.Uploader().UploadDirectoryAsync(request));
        Assert.Equal(20, first.Uploaded);
        var failed = Assert.Single(first.Failures);
        Assert.EndsWith("big.bin", failed.Request.SourcePath, StringComparison.Ordinal);
        Assert.True(failed.IsResumable);

        // One small file changes after it was uploaded: it must go again; the other 19 must not.
        Write(root, "small/03.bin", 777, seed: 9);
        fixture.Target.Faults.FailPart(5, times: 0);
        var outcomes = new List<UploadOutcome>();
        var second = await BatchSummary.CollectAsync(fixture.Uploader().UploadDirectoryAsync(request), outcomes.Add);

        Assert.Equal(0, second.Failed);
        Assert.Equal(19, second.Skipped);
        Assert.Equal(2, second.Uploaded);
        var big = outcomes.Single(o => o.Request.Key == "p/big.bin");
        Assert.True(big.Result!.ResumedParts > 0, "the big file resumed at part level");
        Assert.Equal(2, fixture.Target.Writes[new ObjectLocation("b", "p/small/03.bin")]);
        Assert.Equal(1, fixture.Target.Writes[new ObjectLocation("b", "p/small/04.bin")]);
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(root, "big.bin")), fixture.Target.GetObject(new ObjectLocation("b", "p/big.bin")));
        Assert.Equal(await File.ReadAllBytesAsync(Path.Combine(root, "small/03.bin")), fixture.Target.GetObject(new ObjectLocation("b", "p/small/03.bin")));
        Assert.Equal(0, fixture.CheckpointFiles);
    }

    [Fact]
    public async Task UploadMany_ContinuePolicy_OthersComplete_FailuresListedWithReason()
    {
        var paths = Enumerable.Range(0, 10).Select(i => fixture.Temp.RandomFile($"f{i}.bin", 500 + i, seed: i)).ToList();
        paths.Insert(3, fixture.Temp.File("missing-1.bin"));
        paths.Insert(7, fixture.Temp.File("missing-2.bin"));

        var summary = await BatchSummary.CollectAsync(fixture.Uploader().UploadManyAsync(Requests(paths), new BatchOptions { FilesInFlight = 4 }));

        Assert.Equal(10, summary.Uploaded);
        Assert.Equal(2, summary.Failed);
        Assert.All(summary.Failures, f =>
        {
            Assert.IsType<FileNotFoundException>(f.Error);
            Assert.False(f.IsResumable);
            Assert.Contains("missing-", f.Request.SourcePath, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task UploadMany_StopOnFirstFailure_StartsNoNewFile()
    {
        var paths = new List<string> { fixture.Temp.File("missing.bin") };
        paths.AddRange(Enumerable.Range(0, 50).Select(i => fixture.Temp.RandomFile($"f{i}.bin", 100, seed: i)));

        var summary = await BatchSummary.CollectAsync(fixture.Uploader().UploadManyAsync(Requests(paths), new BatchOptions { FilesInFlight = 1, FailurePolicy = BatchFailurePolicy.StopOnFirstFailure }));

        Assert.True(summary.Failed == 1, string.Join(" | ", summary.Failures.Select(f => f.Request.SourcePath + ": " + f.Error)));
        Assert.True(summary.Uploaded <= 1, $"at most the file already taken when the failure came may finish; {summary.Uploaded} did");
        Assert.True(fixture.Target.ObjectCount <= 1);
    }

    [Fact]
    public async Task UploadMany_TakesRequestsLazily_AtMostFilesInFlightAhead()
    {
        const int FilesInFlight = 4;
        var file = fixture.Temp.RandomFile("one.bin", 1000);
        var pulled = 0;
        var maxAhead = 0;
        var finished = 0;

        async IAsyncEnumerable<UploadRequest> Endless()
        {
            for (var i = 0; i < 500; i++)
            {
                var ahead = Interlocked.Increment(ref pulled) - Volatile.Read(ref finished);
                maxAhead = Math.Max(maxAhead, ahead);
                yield return new UploadRequest { SourcePath = file, Bucket = "b", Key = $"k/{i}" };
                await Task.Yield();
            }
        }

        await foreach (var outcome in fixture.Uploader().UploadManyAsync(Endless(), new BatchOptions { FilesInFlight = FilesInFlight }))
        {
            Assert.Equal(UploadOutcomeStatus.Uploaded, outcome.Status);
            Interlocked.Increment(ref finished);
        }

        Assert.Equal(500, finished);
        // Files in flight, plus the outcomes the bounded channel holds, plus the request waiting for a slot, plus the
        // outcome the reader holds: a constant, however long the sequence.
        Assert.InRange(maxAhead, 1, (FilesInFlight * 2) + 2);
    }

    [Fact]
    public async Task UploadBlock_LinksIntoAnAppsDataflowGraph_OneOutcomePerFile()
    {
        var paths = Enumerable.Range(0, 30).Select(i => fixture.Temp.RandomFile($"f{i}.bin", i * 7000, seed: i)).ToList();
        var toRequest = new TransformBlock<string, UploadRequest>(p => new UploadRequest { SourcePath = p, Bucket = "b", Key = "block/" + Path.GetFileName(p) });
        var upload = fixture.Uploader().CreateUploadBlock(new BatchOptions { FilesInFlight = 3 });
        var seen = new List<UploadOutcome>();
        var collect = new ActionBlock<UploadOutcome>(seen.Add);
        var link = new DataflowLinkOptions { PropagateCompletion = true };
        toRequest.LinkTo(upload, link);
        upload.LinkTo(collect, link);

        foreach (var path in paths)
        {
            await toRequest.SendAsync(path);
        }

        toRequest.Complete();
        await collect.Completion.WaitAsync(TimeSpan.FromMinutes(1));

        Assert.Equal(30, seen.Count);
        Assert.All(seen, o => Assert.Equal(UploadOutcomeStatus.Uploaded, o.Status));
        Assert.Equal(30, fixture.Target.ObjectCount);
    }

    [Fact]
    public async Task UploadDirectory_SameBatchRunningElsewhere_Locked()
    {
        var root = fixture.Temp.SubDirectory("src");
        Write(root, "a.bin", 10);
        var request = new DirectoryUploadRequest { Directory = root, Bucket = "b" };
        var options = new BatchOptions { BatchId = "the-batch" };
        var key = ResumableUpload.Batch.BatchLedger.KeyFor("the-batch", fixture.Target.Identity, "b", string.Empty);
        await using var held = await fixture.Store.AcquireAsync(key);

        await Assert.ThrowsAsync<CheckpointLockedException>(async () => await BatchSummary.CollectAsync(fixture.Uploader().UploadDirectoryAsync(request, options)));
    }

    [Fact]
    public async Task UploadDirectory_MissingDirectory_ClearError()
    {
        var ex = Assert.Throws<DirectoryNotFoundException>(() => fixture.Uploader().UploadDirectoryAsync(new DirectoryUploadRequest { Directory = fixture.Temp.File("nope") }));
        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task BatchProgress_CountsFilesAndBytes_LastReportIsFinal()
    {
        var root = fixture.Temp.SubDirectory("src");
        Write(root, "a.bin", 3 * UploaderFixture.PartSize);
        Write(root, "b.bin", 10);
        var reports = new List<BatchProgress>();
        var progress = new SynchronousProgress<BatchProgress>(reports.Add);

        await BatchSummary.CollectAsync(fixture.Uploader().UploadDirectoryAsync(new DirectoryUploadRequest { Directory = root, Bucket = "b" }, new BatchOptions { Progress = progress, ProgressInterval = TimeSpan.Zero }));

        var last = reports[^1];
        Assert.True(last.ListingComplete);
        Assert.Equal(2, last.FilesFound);
        Assert.Equal(2, last.FilesUploaded);
        Assert.Equal((3 * UploaderFixture.PartSize) + 10, last.BytesFound);
        Assert.Equal(last.BytesFound, last.BytesDone);
        Assert.Contains(reports, r => r.BytesDone > 0 && r.BytesDone < last.BytesFound); // bytes move inside a file
    }

    private static IAsyncEnumerable<UploadRequest> Requests(IEnumerable<string> paths)
        => paths.Select(p => new UploadRequest { SourcePath = p, Bucket = "b", Key = "many/" + Path.GetFileName(p) }).ToAsyncEnumerable();

    private static void Write(string root, string relative, long length, int seed = 1)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var bytes = new byte[length];
        new Random(seed + relative.Length).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
    }

    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        private readonly object gate = new();

        public void Report(T value)
        {
            lock (gate)
            {
                report(value);
            }
        }
    }
}
