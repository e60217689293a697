using ResumableUpload.Testing;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Reliability.Tests.SourceChanges;

/// <summary>
/// Every way a source can change, during the upload and between a crash and the resume. During: a clear
/// <see cref="SourceChangedException"/>, no object, no incomplete upload, no checkpoint. Between: a fresh start that
/// aborts the old upload (or, for a deleted file, a clear FileNotFoundException that keeps the checkpoint). Never a
/// mixed object.
/// </summary>
public class SourceChangeTests : IDisposable
{
    private const int P = 100 * 1024;
    private readonly TempDirectory temp = new();
    private readonly InMemoryMultipartTarget target = new();
    private readonly FileCheckpointStore store;
    private readonly ObjectLocation location = new(string.Empty, "o.bin");

    public SourceChangeTests() => store = new FileCheckpointStore(temp.SubDirectory("ckpt"));

    public enum Change
    {
        Append,
        Truncate,
        RewriteSameLength,
        Delete,
        ReplaceByAnotherFile,
    }

    [Theory]
    [InlineData(Change.Append)]
    [InlineData(Change.Truncate)]
    [InlineData(Change.RewriteSameLength)]
    [InlineData(Change.Delete)]
    [InlineData(Change.ReplaceByAnotherFile)]
    public async Task UploadAsync_SourceChangesDuringUpload_ThrowsSourceChangedAndLeavesNothing(Change change)
    {
        var path = temp.RandomFile("src.bin", 20L * P, seed: 1);
        target.OnPartRequest = (request, _) =>
        {
            if (request.PartNumber == 6)
            {
                Apply(change, path);
            }

            return Task.CompletedTask;
        };
        var ex = await Assert.ThrowsAsync<SourceChangedException>(() => Uploader(threads: 1).UploadAsync(Request(path)));
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.Null(target.GetObject(location));
        Assert.Empty(target.PendingUploadIds);
        Assert.Empty(await store.ListAsync().ToListAsync());
    }

    [Theory]
    [InlineData(Change.Append)]
    [InlineData(Change.Truncate)]
    [InlineData(Change.RewriteSameLength)]
    [InlineData(Change.ReplaceByAnotherFile)]
    public async Task UploadAsync_SourceChangesBetweenCrashAndResume_StartsFreshAndAbortsOldUpload(Change change)
    {
        var path = temp.RandomFile("src.bin", 20L * P, seed: 2);
        await InterruptAsync(path, parts: 5);
        var old = Assert.Single(target.PendingUploadIds);
        Apply(change, path);

        var result = await Uploader().UploadAsync(Request(path));
        Assert.Equal(0, result.ResumedParts);
        Assert.Equal(await File.ReadAllBytesAsync(path), target.GetObject(location));
        Assert.DoesNotContain(old, target.PendingUploadIds);
        Assert.Empty(target.PendingUploadIds);
    }

    [Fact]
    public async Task UploadAsync_SourceDeletedBetweenCrashAndResume_ThrowsFileNotFoundAndKeepsCheckpoint()
    {
        var path = temp.RandomFile("src.bin", 20L * P, seed: 3);
        await InterruptAsync(path, parts: 5);
        Apply(Change.Delete, path);
        await Assert.ThrowsAsync<FileNotFoundException>(() => Uploader().UploadAsync(Request(path)));
        Assert.Single(await store.ListAsync().ToListAsync());
        Assert.Null(target.GetObject(location));
    }

    [Theory]
    [InlineData(false, 5)]
    [InlineData(true, 0)]
    public async Task UploadAsync_InPlaceEditWithTimestampRestored_CaughtOnlyByVerifyOnResume(bool verifyOnResume, int expectedResumedAtLeast)
    {
        var path = temp.RandomFile("src.bin", 20L * P, seed: 4);
        await InterruptAsync(path, parts: 5);
        var time = File.GetLastWriteTimeUtc(path);
        using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Position = P + 7; // inside part 2, already uploaded
            file.WriteByte(0xA5);
        }

        File.SetLastWriteTimeUtc(path, time);
        var result = await Uploader(verifyOnResume: verifyOnResume).UploadAsync(Request(path));
        if (verifyOnResume)
        {
            Assert.Equal(0, result.ResumedParts);
            Assert.Equal(await File.ReadAllBytesAsync(path), target.GetObject(location));
        }
        else
        {
            // Without verification the edit is invisible (same length, same time, same inode): this is why the option exists.
            Assert.True(result.ResumedParts >= expectedResumedAtLeast);
        }
    }

    public void Dispose() => temp.Dispose();

    private static void Apply(Change change, string path)
    {
        switch (change)
        {
            case Change.Append:
                File.AppendAllText(path, "appended");
                break;
            case Change.Truncate:
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                {
                    file.SetLength(file.Length / 3);
                }

                break;
            case Change.RewriteSameLength:
                using (var file = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite))
                {
                    file.Position = 3;
                    file.Write("rewritten"u8);
                }

                File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
                break;
            case Change.Delete:
                File.Delete(path);
                break;
            case Change.ReplaceByAnotherFile:
                var replacement = path + ".new";
                File.WriteAllBytes(replacement, TestData.RandomBytes((int)new FileInfo(path).Length, 77));
                File.SetLastWriteTimeUtc(replacement, File.GetLastWriteTimeUtc(path));
                File.Move(replacement, path, overwrite: true);
                break;
        }
    }

    private ResumableUploader Uploader(int threads = 3, bool verifyOnResume = false)
        => new(target, store, new UploadOptions { PartSize = P, PartsInFlight = threads, VerifyOnResume = verifyOnResume });

    private UploadRequest Request(string path, IProgress<UploadProgress>? progress = null)
        => new() { SourcePath = path, Key = location.Key, Progress = progress };

    private async Task InterruptAsync(string path, int parts)
    {
        using var cts = new CancellationTokenSource();
        var progress = new RecordingProgress(p =>
        {
            if (p.CompletedParts >= parts)
            {
                cts.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Uploader(threads: 1).UploadAsync(Request(path, progress), cts.Token));
    }
}
