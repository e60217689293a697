using ResumableUpload.Testing;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Reliability.Tests.Concurrency;

/// <summary>
/// Two and four uploaders racing on one upload, each with its own store instance (another process, in spirit):
/// exactly one proceeds, the others fail at once with <see cref="CheckpointLockedException"/>, and the checkpoint
/// stays intact, so the winner completes a correct object. Subclasses bind the store.
/// </summary>
public abstract class ConcurrentUploadTests : IDisposable
{
    private const int P = 100 * 1024;

    protected TempDirectory Temp { get; } = new();

    /// <summary>Creates a new, independent instance of the store under test (sharing its storage).</summary>
    protected abstract ICheckpointStore NewStoreInstance();

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    public async Task UploadAsync_RacersOnOneUpload_ExactlyOneProceedsOthersLocked(int racers)
    {
        var target = new InMemoryMultipartTarget();
        var path = Temp.RandomFile("src.bin", 12L * P, seed: racers);
        var gate = new TaskCompletionSource();
        var firstPart = new TaskCompletionSource();
        target.OnPartRequest = async (_, _) =>
        {
            firstPart.TrySetResult();
            await gate.Task;
        };

        var request = new UploadRequest { SourcePath = path, Key = "raced.bin" };
        var attempts = Enumerable.Range(0, racers)
            .Select(_ => Task.Run(() => new ResumableUploader(target, NewStoreInstance(), new UploadOptions { PartSize = P }).UploadAsync(request)))
            .ToList();

        // Whoever holds the lease is parked on its first part; everyone else must fail at once.
        await firstPart.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (attempts.Count(a => a.IsCompleted) < racers - 1 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var losers = 0;
        foreach (var attempt in attempts.Where(a => a.IsCompleted))
        {
            await Assert.ThrowsAsync<CheckpointLockedException>(() => attempt);
            losers++;
        }

        Assert.Equal(racers - 1, losers);
        gate.SetResult();
        var winner = await Task.WhenAll(attempts.Where(a => !a.IsFaulted)).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Single(winner);
        Assert.Equal(await File.ReadAllBytesAsync(path), target.GetObject(new ObjectLocation(string.Empty, "raced.bin")));
        Assert.Empty(target.PendingUploadIds);
        Assert.Empty(await NewStoreInstance().ListAsync().ToListAsync());
        Assert.Equal(1, target.InitiatedUploads);
    }

    [Fact]
    public async Task UploadAsync_RacerAfterWinnerWasInterrupted_ResumesWinnersCheckpoint()
    {
        var target = new InMemoryMultipartTarget();
        var path = Temp.RandomFile("src.bin", 12L * P, seed: 9);
        var request = new UploadRequest { SourcePath = path, Key = "handover.bin" };
        using var cts = new CancellationTokenSource();
        var first = new ResumableUploader(target, NewStoreInstance(), new UploadOptions { PartSize = P, PartsInFlight = 1 });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.UploadAsync(
            new UploadRequest { SourcePath = path, Key = "handover.bin", Progress = new RecordingProgress(p => { if (p.CompletedParts >= 4) { cts.Cancel(); } }) },
            cts.Token));

        var second = new ResumableUploader(target, NewStoreInstance(), new UploadOptions { PartSize = P });
        var result = await second.UploadAsync(request);
        Assert.True(result.ResumedParts >= 4);
        Assert.Equal(await File.ReadAllBytesAsync(path), target.GetObject(new ObjectLocation(string.Empty, "handover.bin")));
    }

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class FileStoreConcurrentUploadTests : ConcurrentUploadTests
{
    private readonly string directory;

    public FileStoreConcurrentUploadTests() => directory = Temp.SubDirectory("ckpt");

    protected override ICheckpointStore NewStoreInstance() => new FileCheckpointStore(directory);
}
