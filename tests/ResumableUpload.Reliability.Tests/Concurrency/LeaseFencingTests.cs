using Microsoft.Data.Sqlite;
using ResumableUpload.Redis;
using ResumableUpload.Sqlite;
using ResumableUpload.Testing;
using ResumableUpload.TestSupport;
using StackExchange.Redis;

namespace ResumableUpload.Reliability.Tests.Concurrency;

/// <summary>
/// Fencing up to the end: a holder whose lease another process took over after its last part (it stalled past its
/// expiry, say) neither completes the object nor aborts the upload its successor now drives.
/// </summary>
public sealed class LeaseFencingTests : IDisposable
{
    private const long PartSize = 100 * 1024;
    private readonly TempDirectory temp = new();
    private readonly string prefix = $"fence-{Guid.NewGuid():N}:";

    [Theory]
    [InlineData("sqlite")]
    [InlineData("redis")]
    public async Task UploadAsync_LeaseTakenOverAfterTheLastPart_NeitherCompletesNorAborts(string kind)
    {
        var source = temp.RandomFile("src.bin", 5 * PartSize, seed: 61);
        var target = new InMemoryMultipartTarget();
        var (store, steal) = Store(kind);
        await using var disposable = store as IAsyncDisposable ?? new NoDispose();

        // The progress callback runs on the committer after each durable commit: after the last one, a "successor"
        // takes the lease (as one would from a holder frozen past its expiry), before the uploader can complete.
        var progress = new InlineProgress(p =>
        {
            if (p.CompletedParts == p.TotalParts && p.TotalParts > 0)
            {
                steal();
            }
        });
        var uploader = new ResumableUploader(target, store, new UploadOptions { PartSize = PartSize, PartsInFlight = 2 });

        var error = await Assert.ThrowsAsync<CheckpointLockedException>(() => uploader.UploadAsync(new UploadRequest { SourcePath = source, Key = "fenced.bin", Progress = progress }));

        Assert.Contains("was lost", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, target.ObjectCount);
        Assert.Single(target.PendingUploadIds); // left to the successor, not aborted
        Assert.Equal(1, target.InitiatedUploads);
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("redis")]
    public async Task UploadAsync_SourceChangedAfterTheLeaseWasTakenOver_DoesNotAbortTheSuccessorsUpload(string kind)
    {
        var source = temp.RandomFile("src.bin", 5 * PartSize, seed: 62);
        var target = new InMemoryMultipartTarget();
        var (store, steal) = Store(kind);
        await using var disposable = store as IAsyncDisposable ?? new NoDispose();
        var progress = new InlineProgress(p =>
        {
            if (p.CompletedParts == p.TotalParts && p.TotalParts > 0)
            {
                steal();
                File.AppendAllText(source, "x"); // the source check before complete fails: the give-up path wants to abort
            }
        });
        var uploader = new ResumableUploader(target, store, new UploadOptions { PartSize = PartSize, PartsInFlight = 2 });

        await Assert.ThrowsAsync<CheckpointLockedException>(() => uploader.UploadAsync(new UploadRequest { SourcePath = source, Key = "changed.bin", Progress = progress }));

        Assert.Equal(0, target.ObjectCount);
        Assert.Single(target.PendingUploadIds); // the successor's to abort or finish, not ours
    }

    public void Dispose() => temp.Dispose();

    private (ICheckpointStore Store, Action Steal) Store(string kind)
    {
        if (kind == "sqlite")
        {
            var path = temp.File("checkpoints.db");
            return (new SqliteCheckpointStore(path), () =>
            {
                using var connection = new SqliteConnection("Data Source=" + path + ";Pooling=False");
                connection.Open();
                using var command = connection.CreateCommand();
                command.CommandText = "UPDATE leases SET owner = 'successor', holder = ''";
                Assert.Equal(1, command.ExecuteNonQuery());
            });
        }

        var redis = new RedisCheckpointStore(new RedisCheckpointStoreOptions { Configuration = ServerEnvironment.Redis, KeyPrefix = prefix });
        return (redis, () =>
        {
            using var connection = ConnectionMultiplexer.Connect(ServerEnvironment.Redis);
            var server = connection.GetServers()[0];
            var leases = server.Keys(pattern: prefix + "*:lease").ToList();
            Assert.Single(leases);
            connection.GetDatabase().StringSet(leases[0], "successor", TimeSpan.FromSeconds(30));
        });
    }

    private sealed class InlineProgress(Action<UploadProgress> report) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value) => report(value);
    }

    private sealed class NoDispose : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
