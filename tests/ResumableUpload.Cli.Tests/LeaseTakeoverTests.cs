using System.Diagnostics;
using ResumableUpload.Redis;
using ResumableUpload.Sqlite;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// Leases between real processes: a <c>rupload</c> killed with SIGKILL is taken over at once by the next run on this
/// host, through the library as through the CLI, for every store; a <c>rupload</c> frozen with SIGSTOP is alive, so it
/// is taken over only after its lease expires, and once continued it neither completes nor aborts (fencing to the end).
/// </summary>
[Collection(ProcessTestGroup.Name)]
public class LeaseTakeoverTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Theory]
    [InlineData("dir")]
    [InlineData("sqlite")]
    [InlineData("redis")]
    public async Task UploadAsync_CliHolderKilled_LibraryResumesAtOnceWithoutWaitingForTheLease(string kind)
    {
        var source = temp.RandomFile("big.bin", 300L << 20, seed: 51);
        var outDir = temp.SubDirectory("out");
        var (spec, store) = Store(kind);
        try
        {
            // The default lease (30 s): a resume right after the kill can only come from the takeover of a dead holder.
            string[] args = ["upload", source, $"file://{outDir}/big.bin", "--part-size", "1MiB", "--threads", "2", "--checkpoint", spec];
            var killed = await KillResume.RunAndKillWhenAsync(args, outDir, () => KillResume.LocalPartsOnTarget(outDir) >= 30);
            Assert.True(killed, "the CLI run ended before it could be killed mid-upload");

            var uploader = new ResumableUploader(new LocalFolderTarget(outDir), store, new UploadOptions { PartSize = 1L << 20, PartsInFlight = 2 });
            var clock = Stopwatch.StartNew();
            var result = await uploader.UploadAsync(new UploadRequest { SourcePath = source, Key = "big.bin" });

            Assert.True(result.ResumedParts >= 20, $"resumed {result.ResumedParts} parts");
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"the resume took {clock.Elapsed}");
            Assert.True(TestData.FilesEqual(source, Path.Combine(outDir, "big.bin")));
            Assert.Empty(await new LocalFolderTarget(outDir).ListUploadsAsync(string.Empty, string.Empty).ToListAsync());
        }
        finally
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [InlineData("redis")]
    public async Task Upload_HolderFrozen_TakenOverOnlyAfterExpiryAndTheThawedHolderExits3WithoutCompletingOrAborting(string kind)
    {
        var source = temp.RandomFile("big.bin", 200L << 20, seed: 52);
        var outDir = temp.SubDirectory("out");
        var spec = kind == "sqlite" ? "sqlite:" + temp.File("checkpoints.db") : "redis:" + ServerEnvironment.Redis;
        string[] args = ["upload", source, $"file://{outDir}/big.bin", "--part-size", "1MiB", "--threads", "1", "--checkpoint", spec, "--lease", "10s", "--progress", "lines", "--progress-interval", "0s"];

        // 10 s: long enough that the second run (a .NET process start on a loaded machine) surely meets a live lease, even
        // when the frozen run's last renewal came late.
        using var first = Rupload.Start(args);
        // Frozen between two checkpoint writes: a holder stopped inside a SQLite write transaction keeps the database
        // locked, so no other process could even read its lease (an honest "database is locked", not what this tests).
        var database = kind == "sqlite" ? temp.File("checkpoints.db") : null;
        var frozen = await KillResume.WhenAsync(first, outDir, () => KillResume.LocalPartsOnTarget(outDir) >= 10, r =>
        {
            r.Suspend();
            if (database is null || !SqliteWriteLocked(database))
            {
                return true;
            }

            r.Continue();
            return false;
        });
        Assert.True(frozen, "the first run ended before it could be frozen mid-upload");
        var frozenAt = Stopwatch.StartNew();

        // Frozen is alive: no takeover while its lease lives, however the holder is recorded. Asked in this process (the
        // CLI's exit 3 for a live lease is RedisLockTests'), so that no .NET start-up on a loaded machine can push the
        // attempt past the lease.
        var (_, store) = Store(kind);
        try
        {
            var uploader = new ResumableUploader(new LocalFolderTarget(outDir), store, new UploadOptions { PartSize = 1L << 20, PartsInFlight = 1 });
            var refused = await Assert.ThrowsAsync<CheckpointLockedException>(() => uploader.UploadAsync(new UploadRequest { SourcePath = source, Key = "big.bin" }));
            Assert.Contains($"process {first.ProcessId} on ", refused.Message, StringComparison.Ordinal);
        }
        finally
        {
            if (store is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }

        Assert.True(frozenAt.Elapsed < TimeSpan.FromSeconds(9), $"the refused attempt came {frozenAt.Elapsed} after the freeze: too late to prove the lease was still live");
        await Task.Delay(TimeSpan.FromSeconds(10.5) - frozenAt.Elapsed);
        var (takeover, takeoverOutput) = await Rupload.RunAsync(args);
        Assert.True(takeover == 0, takeoverOutput);
        Assert.Contains(" resumed", takeoverOutput, StringComparison.Ordinal);

        first.Continue();
        var thawed = await first.WaitAsync(TimeSpan.FromMinutes(2));

        Assert.True(thawed == 3, $"exit {thawed}: {first.Output}");
        Assert.Contains("was lost", first.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("Uploaded ", first.Output, StringComparison.Ordinal);
        // The part the thawed run was writing when frozen may still land (the same bytes at the same offset): the
        // local folder target writes parts in place, and fencing guards complete and abort, not a write in flight.
        Assert.True(TestData.FilesEqual(source, Path.Combine(outDir, "big.bin")));
        Assert.Empty(await new LocalFolderTarget(outDir).ListUploadsAsync(string.Empty, string.Empty).ToListAsync());
        Assert.Equal(0, KillResume.LocalPartsOnTarget(outDir));
    }

    public void Dispose() => temp.Dispose();

    /// <summary>Whether another connection holds the database's write lock for more than a second.</summary>
    private static bool SqliteWriteLocked(string path)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False;Default Timeout=1");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
        try
        {
            command.ExecuteNonQuery();
            return false;
        }
        catch (Microsoft.Data.Sqlite.SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            return true;
        }
    }

    private (string Spec, ICheckpointStore Store) Store(string kind)
    {
        switch (kind)
        {
            case "dir":
                var directory = temp.SubDirectory("ckpt");
                return ("dir:" + directory, new FileCheckpointStore(directory));
            case "sqlite":
                var db = temp.File("checkpoints.db");
                return ("sqlite:" + db, new SqliteCheckpointStore(db));
            default:
                return ("redis:" + ServerEnvironment.Redis, new RedisCheckpointStore(new RedisCheckpointStoreOptions { Configuration = ServerEnvironment.Redis }));
        }
    }
}
