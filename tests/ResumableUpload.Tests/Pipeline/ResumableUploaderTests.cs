using ResumableUpload.Pipeline;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.Pipeline;

public class ResumableUploaderTests : IDisposable
{
    private const long P = UploaderFixture.PartSize;
    private readonly UploaderFixture f = new();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(P)]
    [InlineData(P + 1)]
    [InlineData(7 * P)]
    [InlineData((7 * P) + 1)]
    [InlineData((20 * P) - 3)]
    public async Task UploadAsync_AnySize_StoresIdenticalObjectAndRemovesCheckpoint(long length)
    {
        var path = f.Temp.RandomFile("src", length, seed: (int)length);
        var result = await f.Uploader().UploadAsync(UploaderFixture.Request(path));
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
        Assert.Equal(length, result.Length);
        Assert.Equal(length <= P ? 1 : (int)((length + P - 1) / P), result.PartCount);
        Assert.Equal(0, f.CheckpointFiles);
        Assert.Empty(f.Target.PendingUploadIds);
        Assert.Equal(length <= P ? 0 : 1, f.Target.InitiatedUploads);
        Assert.True(result.CrcVerifiedByTarget);
    }

    [Theory]
    [InlineData(ChecksumAlgorithm.Crc64Xz, false)]
    [InlineData(ChecksumAlgorithm.Crc64Nvme, true)]
    [InlineData(ChecksumAlgorithm.Crc32C, true)]
    public async Task UploadAsync_EachChecksumChoice_IsVerifiedByTarget(ChecksumAlgorithm algorithm, bool md5)
    {
        var path = f.Temp.RandomFile("src", (5 * P) + 17);
        var options = UploaderFixture.FastOptions();
        options.Checksum = algorithm;
        options.ContentMd5 = md5;
        var result = await f.Uploader(options).UploadAsync(UploaderFixture.Request(path));
        Assert.Equal(algorithm, result.Algorithm);
        Assert.Equal(ResumableUpload.Hashing.Crc.Compute(algorithm, File.ReadAllBytes(path)), result.Crc);
    }

    [Fact]
    public async Task UploadAsync_TransientFaults_RetriesAndCompletes()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        f.Target.Faults.FailPart(3, times: 2);
        f.Target.Faults.FailPart(7, times: 4);
        await f.Uploader().UploadAsync(UploaderFixture.Request(path));
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
        Assert.Equal(3, f.Target.PartAttempts[3]);
        Assert.Equal(5, f.Target.PartAttempts[7]);
        Assert.Contains(f.Logs.Messages, m => m.Contains("Retrying part 7", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UploadAsync_TenPercentRandomFaults_CompletesCorrectly()
    {
        var path = f.Temp.RandomFile("src", 40 * P);
        f.Target.Faults.FailRandomly(0.10, seed: 42);
        var progress = new RecordingProgress();
        await f.Uploader().UploadAsync(UploaderFixture.Request(path, progress: progress));
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
        Assert.True(f.Target.Faults.InjectedFaults > 0);
        AssertMonotonicAndBounded(progress.Reports);
        Assert.Equal(40 * P, progress.Reports[^1].TransferredBytes);
    }

    [Fact]
    public async Task UploadAsync_PermanentFault_FailsFastAndKeepsCheckpoint()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        f.Target.Faults.FailPart(4, times: 100, TargetErrorKind.AccessDenied);
        var ex = await Assert.ThrowsAsync<TargetException>(() => f.Uploader().UploadAsync(UploaderFixture.Request(path)));
        Assert.Equal(TargetErrorKind.AccessDenied, ex.Kind);
        Assert.Equal(1, f.Target.PartAttempts[4]); // no retry storm
        Assert.Equal(1, f.CheckpointFiles);
        Assert.Null(f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
    }

    [Fact]
    public async Task UploadAsync_RetriesExhausted_FailsAndNextCallResumes()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        var options = UploaderFixture.FastOptions();
        options.Retry.MaxRetryAttempts = 1;
        f.Target.Faults.FailPart(9, times: 2);
        await Assert.ThrowsAsync<TargetException>(() => f.Uploader(options).UploadAsync(UploaderFixture.Request(path)));
        Assert.Equal(1, f.CheckpointFiles);

        var result = await f.Uploader(options).UploadAsync(UploaderFixture.Request(path));
        Assert.True(result.ResumedParts > 0);
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
        Assert.Equal(1, f.Target.InitiatedUploads);
    }

    [Fact]
    public async Task UploadAsync_ProgressUnderRetries_NeverBackwardsNorAboveTotal()
    {
        var path = f.Temp.RandomFile("src", (12 * P) + 5);
        for (var n = 1; n <= 13; n += 2)
        {
            f.Target.Faults.FailPart(n, times: 2);
        }

        var progress = new RecordingProgress();
        await f.Uploader().UploadAsync(UploaderFixture.Request(path, progress: progress));
        AssertMonotonicAndBounded(progress.Reports);
        var last = progress.Reports[^1];
        Assert.Equal(((12 * P) + 5, 13), (last.TransferredBytes, last.CompletedParts));
        Assert.Equal(1.0, last.Fraction);
    }

    [Fact]
    public async Task UploadAsync_Cancelled_KeepsValidCheckpointAndNextCallResumes()
    {
        var path = f.Temp.RandomFile("src", 30 * P);
        using var cts = new CancellationTokenSource();
        var progress = new RecordingProgress(p =>
        {
            if (p.CompletedParts >= 10)
            {
                cts.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => f.Uploader().UploadAsync(UploaderFixture.Request(path, progress: progress), cts.Token));
        Assert.Equal(1, f.CheckpointFiles);
        Assert.Null(f.Target.GetObject(new ObjectLocation("b", "obj.bin")));

        var resumedProgress = new RecordingProgress();
        var before = f.Target.PartAttempts.ToDictionary();
        var result = await f.Uploader().UploadAsync(UploaderFixture.Request(path, progress: resumedProgress));
        Assert.InRange(result.ResumedParts, 10, 29);
        Assert.Equal(result.ResumedParts * P, resumedProgress.Reports[0].ResumedBytes);
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
        Assert.Equal(1, f.Target.InitiatedUploads);
        Assert.Equal(0, f.CheckpointFiles);
        var sentAgain = f.Target.PartAttempts.Sum(a => a.Value - before.GetValueOrDefault(a.Key));
        Assert.Equal(30 - result.ResumedParts, sentAgain); // finished parts are not sent again
    }

    [Fact]
    public async Task UploadAsync_CancelledAtAnyMoment_ThrowsOperationCanceledNeverAggregate()
    {
        // Regression (found by the corruption fuzzer): a cancellation that reached the slicer first came back as the
        // AggregateException Dataflow wraps propagated faults in, so callers catching OperationCanceledException missed it.
        var path = f.Temp.RandomFile("src", 12 * P);
        for (var i = 0; i < 150; i++)
        {
            using var cts = new CancellationTokenSource();
            var at = (i % 11) + 1;
            var progress = new RecordingProgress(p =>
            {
                if (p.CompletedParts >= at)
                {
                    cts.Cancel();
                }
            });
            var ex = await Record.ExceptionAsync(() => f.Uploader(UploaderFixture.FastOptions(threads: 1 + (i % 3))).UploadAsync(UploaderFixture.Request(path, key: "c" + i, progress: progress), cts.Token));
            Assert.True(ex is null or OperationCanceledException, $"iteration {i}: {ex}");
        }
    }

    [Fact]
    public async Task UploadAsync_CheckpointCorrupted_RestartsAndAbortsOldUpload()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        await InterruptAfterAsync(path, parts: 4);
        var old = Assert.Single(f.Target.PendingUploadIds);
        var checkpoint = Directory.GetFiles(f.Checkpoints, "*.ckpt").Single();
        var bytes = File.ReadAllBytes(checkpoint);
        bytes[10] ^= 0xFF;
        File.WriteAllBytes(checkpoint, bytes);

        var result = await f.Uploader().UploadAsync(UploaderFixture.Request(path));
        Assert.Equal(0, result.ResumedParts);
        Assert.DoesNotContain(old, f.Target.PendingUploadIds);
        Assert.Empty(f.Target.PendingUploadIds);
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
        Assert.Contains(f.Logs.Messages, m => m.Contains("cannot be resumed", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(40)]
    public async Task UploadAsync_CheckpointTruncated_RestartsOrResumesCorrectly(int keepBytes)
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        await InterruptAfterAsync(path, parts: 4);
        var checkpoint = Directory.GetFiles(f.Checkpoints, "*.ckpt").Single();
        File.WriteAllBytes(checkpoint, File.ReadAllBytes(checkpoint)[..keepBytes]);

        await f.Uploader().UploadAsync(UploaderFixture.Request(path));
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
        Assert.Empty(f.Target.PendingUploadIds);
        Assert.Equal(0, f.CheckpointFiles);
    }

    [Fact]
    public async Task UploadAsync_CheckpointOfAnotherUpload_AbortsOwnOrphanNotTheOther()
    {
        // Regression (found by the corruption fuzzer, FromAnotherFile): a checkpoint copied over ours named the other
        // upload's id; we aborted that one and left our own upload orphaned on the target.
        var path = f.Temp.RandomFile("src", 10 * P);
        var otherPath = f.Temp.RandomFile("other", 10 * P, seed: 2);
        await InterruptAfterAsync(path, parts: 4);
        var ours = Assert.Single(f.Target.PendingUploadIds);
        var ourCheckpoint = Directory.GetFiles(f.Checkpoints, "*.ckpt").Single();
        File.Delete(ourCheckpoint);
        await InterruptAfterAsync(otherPath, parts: 2, key: "other.bin");
        var theirs = Assert.Single(f.Target.PendingUploadIds, id => id != ours);
        var theirCheckpoint = Directory.GetFiles(f.Checkpoints, "*.ckpt").Single();
        File.Copy(theirCheckpoint, ourCheckpoint);

        await f.Uploader().UploadAsync(UploaderFixture.Request(path));
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
        Assert.DoesNotContain(ours, f.Target.PendingUploadIds);
        Assert.Contains(theirs, f.Target.PendingUploadIds);
        var resumed = await f.Uploader().UploadAsync(UploaderFixture.Request(otherPath, key: "other.bin"));
        Assert.True(resumed.ResumedParts >= 2);
    }

    [Fact]
    public async Task UploadAsync_SourceChangedBetweenRuns_StartsFreshAndAbortsOldUpload()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        await InterruptAfterAsync(path, parts: 4);
        var old = Assert.Single(f.Target.PendingUploadIds);
        File.AppendAllText(path, "more");

        var result = await f.Uploader().UploadAsync(UploaderFixture.Request(path));
        Assert.Equal(0, result.ResumedParts);
        Assert.DoesNotContain(old, f.Target.PendingUploadIds);
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
    }

    [Fact]
    public async Task UploadAsync_SourceChangedDuringUpload_ThrowsAndCompletesNothing()
    {
        var path = f.Temp.RandomFile("src", 20 * P);
        f.Target.OnPartRequest = (request, _) =>
        {
            if (request.PartNumber == 10)
            {
                File.AppendAllText(path, "x");
            }

            return Task.CompletedTask;
        };
        var ex = await Assert.ThrowsAsync<SourceChangedException>(() => f.Uploader().UploadAsync(UploaderFixture.Request(path)));
        Assert.Contains("changed", ex.Message, StringComparison.Ordinal);
        Assert.Null(f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
        Assert.Empty(f.Target.PendingUploadIds);
        Assert.Equal(0, f.CheckpointFiles);
    }

    [Fact]
    public async Task UploadAsync_SourceTruncatedDuringUpload_ThrowsSourceChanged()
    {
        var path = f.Temp.RandomFile("src", 20 * P);
        f.Target.OnPartRequest = (request, _) =>
        {
            if (request.PartNumber == 2)
            {
                using var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                file.SetLength(5 * P);
            }

            return Task.CompletedTask;
        };
        await Assert.ThrowsAsync<SourceChangedException>(() => f.Uploader(UploaderFixture.FastOptions(threads: 1)).UploadAsync(UploaderFixture.Request(path)));
        Assert.Null(f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
    }

    [Fact]
    public async Task UploadAsync_InPlaceEditWithTimeRestored_DetectedOnlyWithVerifyOnResume()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        await InterruptAfterAsync(path, parts: 4);
        var time = File.GetLastWriteTimeUtc(path);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Position = 10;
            file.WriteByte(0x5A);
        }

        File.SetLastWriteTimeUtc(path, time);
        var options = UploaderFixture.FastOptions();
        options.VerifyOnResume = true;
        var result = await f.Uploader(options).UploadAsync(UploaderFixture.Request(path));
        Assert.Equal(0, result.ResumedParts);
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
        Assert.Contains(f.Logs.Messages, m => m.Contains("content of part 1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UploadAsync_KilledBetweenInitiateAndCheckpoint_NextRunAbortsTheOrphanedUpload()
    {
        // Found by the crash matrix (file:azure): a process killed after the target created the upload but before the
        // checkpoint named it left an upload no later run knew of; the next run started another one.
        var path = f.Temp.RandomFile("src", 10 * P, seed: 41);
        var dying = new DyingCheckpointStore(f.Store);
        var killed = new ResumableUploader(f.Target, dying, UploaderFixture.FastOptions()).UploadAsync(UploaderFixture.Request(path));
        await dying.Died.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(killed.IsCompleted);
        Assert.Single(f.Target.PendingUploadIds);
        await dying.ReleaseAsLikeTheOs();

        await f.Uploader().UploadAsync(UploaderFixture.Request(path));
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
        Assert.Empty(f.Target.PendingUploadIds);
        Assert.Equal(0, f.CheckpointFiles);
    }

    [Fact]
    public async Task UploadAsync_UploadVanishedOnTarget_StartsFresh()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        await InterruptAfterAsync(path, parts: 4);
        var old = Assert.Single(f.Target.PendingUploadIds);
        await f.Target.AbortAsync(new ObjectLocation("b", "obj.bin"), old);

        var result = await f.Uploader().UploadAsync(UploaderFixture.Request(path));
        Assert.Equal(0, result.ResumedParts);
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
    }

    [Fact]
    public async Task UploadAsync_PartChangedOnServer_IsSentAgain()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        await InterruptAfterAsync(path, parts: 4);
        var id = Assert.Single(f.Target.PendingUploadIds);
        var junk = TestData.RandomBytes((int)P, 99);
        var sums = new PartChecksums(ChecksumAlgorithm.Crc64Xz, ResumableUpload.Hashing.Crc.Compute(ChecksumAlgorithm.Crc64Xz, junk), ReadOnlyMemory<byte>.Empty);
        await f.Target.UploadPartAsync(new PartUploadRequest(new ObjectLocation("b", "obj.bin"), id, 1, P, sums, () => new MemoryStream(junk)));

        var checkpointed = (await LoadCheckpointAsync(path)).Parts.Select(p => p.PartNumber).Order().ToList();
        Assert.Contains(1, checkpointed);
        var before = f.Target.PartAttempts.ToDictionary();

        var result = await f.Uploader().UploadAsync(UploaderFixture.Request(path));
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
        Assert.Equal(checkpointed.Count - 1, result.ResumedParts);
        Assert.Equal(1, f.Target.PartAttempts[1] - before[1]);
        Assert.Equal(10 - checkpointed.Count + 1, f.Target.PartAttempts.Sum(a => a.Value - before.GetValueOrDefault(a.Key)));
    }

    [Fact]
    public async Task UploadAsync_TwoUploadsOfSameFileAtOnce_SecondGetsLocked()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        var gate = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        f.Target.OnPartRequest = async (_, _) =>
        {
            entered.TrySetResult();
            await gate.Task;
        };
        var first = f.Uploader().UploadAsync(UploaderFixture.Request(path));
        await entered.Task;
        var second = new ResumableUploader(f.Target, new FileCheckpointStore(f.Checkpoints), UploaderFixture.FastOptions());
        await Assert.ThrowsAsync<CheckpointLockedException>(() => second.UploadAsync(UploaderFixture.Request(path)));
        gate.SetResult();
        await first;
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
    }

    [Fact]
    public async Task UploadAsync_NoCheckpointStoreAndFailure_AbortsUpload()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        f.Target.Faults.FailPart(5, times: 1, TargetErrorKind.Permanent);
        await Assert.ThrowsAsync<TargetException>(() => f.Uploader(withStore: false).UploadAsync(UploaderFixture.Request(path)));
        Assert.Empty(f.Target.PendingUploadIds);
    }

    [Fact]
    public async Task UploadAsync_PartSizeChangedBetweenRuns_StartsFresh()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        await InterruptAfterAsync(path, parts: 4);
        var options = UploaderFixture.FastOptions();
        options.PartSize = 2 * P;
        var result = await f.Uploader(options).UploadAsync(UploaderFixture.Request(path));
        Assert.Equal(0, result.ResumedParts);
        Assert.Equal(5, result.PartCount);
        Assert.Empty(f.Target.PendingUploadIds);
    }

    [Theory]
    [InlineData(1L << 20, typeof(FileSegmentStream))] // 1 MiB × (3 + 2) does not fit: parts are streamed from the file
    [InlineData(1L << 30, typeof(MemoryStream))] // the default budget: parts are buffered (the observation tells them apart)
    public async Task UploadAsync_PartsLargerThanMemoryBudget_StreamsFromFile(long memoryBudget, Type bodyType)
    {
        var path = f.Temp.RandomFile("src", (3L << 20) + 123);
        var options = UploaderFixture.FastOptions();
        options.PartSize = 1 << 20;
        options.MemoryBudget = memoryBudget;
        options.ContentMd5 = true;
        var bodies = new System.Collections.Concurrent.ConcurrentDictionary<int, Type>();
        f.Target.OnPartRequest = (request, _) =>
        {
            using var body = request.OpenContent();
            bodies[request.PartNumber] = Assert.IsType<ResumableUpload.Engine.MeteredStream>(body).Inner.GetType(); // metered, over the buffer or the file
            return Task.CompletedTask;
        };
        await f.Uploader(options).UploadAsync(UploaderFixture.Request(path));
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
        Assert.Equal([1, 2, 3, 4], bodies.Keys.Order());
        Assert.All(bodies.Values, t => Assert.Equal(bodyType, t));
    }

    [Theory]
    [InlineData(new[] { 1, 2, 3, 5, 6 }, new[] { 4, 7, 8 })] // gaps: the parts after a gap are not sent again
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 8 }, new[] { 7 })] // the short last part is done: it is not sent again
    [InlineData(new[] { 1, 2, 3, 4, 5, 6, 7, 8 }, new int[0])] // every part done (killed before complete): only complete
    public async Task UploadAsync_ResumeWithPartsDone_SendsEachMissingPartExactlyOnceAndNothingElse(int[] done, int[] expectedSent)
    {
        var path = f.Temp.RandomFile("src", (7 * P) + 17); // 8 parts, the last one 17 bytes
        await InterruptAfterAsync(path, parts: 2);
        await RewriteCheckpointAsync(path, done);
        var before = f.Target.PartAttempts.ToDictionary();

        var result = await f.Uploader().UploadAsync(UploaderFixture.Request(path));

        var sent = f.Target.PartAttempts.Select(a => (Part: a.Key, Attempts: a.Value - before.GetValueOrDefault(a.Key))).Where(a => a.Attempts > 0).OrderBy(a => a.Part);
        Assert.Equal(expectedSent.Select(n => (n, 1)), sent);
        Assert.Equal(done.Length, result.ResumedParts);
        Assert.Equal(8, result.PartCount);
        Assert.Equal(File.ReadAllBytes(path), f.Target.GetObject(new ObjectLocation("b", "obj.bin")));
        Assert.Equal(1, f.Target.InitiatedUploads);
    }

    [Fact]
    public async Task UploadAsync_MissingFile_ThrowsFileNotFoundNamingIt()
    {
        var missing = f.Temp.File("missing.bin");
        var ex = await Assert.ThrowsAsync<FileNotFoundException>(() => f.Uploader().UploadAsync(UploaderFixture.Request(missing)));
        Assert.Contains(missing, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadAsync_Directory_ThrowsArgumentException()
        => await Assert.ThrowsAsync<ArgumentException>(() => f.Uploader().UploadAsync(UploaderFixture.Request(f.Temp.Path)));

    [Fact]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var options = new UploadOptions { PartSize = 10, PartsInFlight = 0 };
        options.Retry.MaxRetryAttempts = -1;
        var ex = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => new ResumableUploader(f.Target, null, options));
        Assert.Contains("PartSize", ex.Message, StringComparison.Ordinal);
        Assert.Contains("PartsInFlight", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Retry.MaxRetryAttempts", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AbortAsync_InterruptedUpload_AbortsOnTargetAndDeletesCheckpoint()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        await InterruptAfterAsync(path, parts: 4);
        Assert.True(await f.Uploader().AbortAsync(UploaderFixture.Request(path)));
        Assert.Empty(f.Target.PendingUploadIds);
        Assert.Equal(0, f.CheckpointFiles);
        Assert.False(await f.Uploader().AbortAsync(UploaderFixture.Request(path)));
    }

    [Fact]
    public async Task AbortAsync_CheckpointUnreadable_AbortsEveryUploadOfTheKeyAndDeletesCheckpoint()
    {
        var path = f.Temp.RandomFile("src", 10 * P);
        await InterruptAfterAsync(path, parts: 4);
        Assert.Single(f.Target.PendingUploadIds);
        var checkpoint = Directory.GetFiles(f.Checkpoints, "*.ckpt").Single();
        var bytes = File.ReadAllBytes(checkpoint);
        bytes[10] ^= 0xFF;
        File.WriteAllBytes(checkpoint, bytes);

        Assert.True(await f.Uploader().AbortAsync(UploaderFixture.Request(path)));
        Assert.Empty(f.Target.PendingUploadIds);
        Assert.Equal(0, f.CheckpointFiles);
    }

    private static void AssertMonotonicAndBounded(IReadOnlyList<UploadProgress> reports)
    {
        Assert.NotEmpty(reports);
        for (var i = 0; i < reports.Count; i++)
        {
            var r = reports[i];
            Assert.InRange(r.TransferredBytes, 0, r.TotalBytes);
            Assert.InRange(r.CompletedParts, 0, r.TotalParts);
            Assert.InRange(r.Fraction, 0, 1);
            if (i > 0)
            {
                Assert.True(r.TransferredBytes >= reports[i - 1].TransferredBytes, "progress went backwards");
                Assert.True(r.CompletedParts >= reports[i - 1].CompletedParts, "part count went backwards");
            }
        }
    }

    private async Task<UploadCheckpoint> LoadCheckpointAsync(string path)
    {
        var lease = await f.Store.AcquireAsync(CheckpointKey.For(path, f.Target.Identity, new ObjectLocation("b", "obj.bin")));
        await using (lease)
        {
            return await lease.LoadAsync() ?? throw new InvalidOperationException("no checkpoint");
        }
    }

    /// <summary>Rewrites the interrupted upload's checkpoint to record exactly the parts <paramref name="done"/>, each really on the target.</summary>
    private async Task RewriteCheckpointAsync(string path, int[] done)
    {
        var lease = await f.Store.AcquireAsync(CheckpointKey.For(path, f.Target.Identity, new ObjectLocation("b", "obj.bin")));
        await using (lease)
        {
            var checkpoint = await lease.LoadAsync() ?? throw new InvalidOperationException("no checkpoint");
            var header = checkpoint.Header;
            var bytes = File.ReadAllBytes(path);
            await lease.CreateAsync(header);
            foreach (var number in done)
            {
                var offset = (number - 1) * header.PartSize;
                var part = bytes.AsMemory((int)offset, (int)Math.Min(header.PartSize, bytes.Length - offset));
                var crc = ResumableUpload.Hashing.Crc.Compute(header.Algorithm, part.Span);
                var sums = new PartChecksums(header.Algorithm, crc, ReadOnlyMemory<byte>.Empty);
                var uploaded = await f.Target.UploadPartAsync(new PartUploadRequest(header.Location, header.UploadId, number, part.Length, sums, () => new MemoryStream(part.ToArray())));
                await lease.CommitPartAsync(new PartRecord(number, offset, part.Length, uploaded.ETag, crc));
            }

            Assert.Equal(done, (await lease.LoadAsync())!.Parts.Select(p => p.PartNumber).Order());
        }
    }

    private async Task InterruptAfterAsync(string path, int parts, string key = "obj.bin")
    {
        using var cts = new CancellationTokenSource();
        var progress = new RecordingProgress(p =>
        {
            if (p.CompletedParts >= parts)
            {
                cts.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => f.Uploader(UploaderFixture.FastOptions(threads: 1)).UploadAsync(UploaderFixture.Request(path, key, progress), cts.Token));
        Assert.True(f.CheckpointFiles >= 1);
    }

    public void Dispose() => f.Dispose();
}
