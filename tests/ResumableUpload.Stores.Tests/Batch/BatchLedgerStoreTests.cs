using ResumableUpload.Redis;
using ResumableUpload.Sqlite;
using ResumableUpload.Stores.Tests.Redis;
using ResumableUpload.Testing;

namespace ResumableUpload.Stores.Tests.Batch;

/// <summary>
/// The batch ledger lives in whichever store is configured, with no store-specific code: in each of the three stores, a
/// batch that ended with a failure keeps its ledger, a rerun (a new uploader and store instance, as after a restart)
/// skips the finished files, sends the rest, and deletes the ledger once every file is done.
/// </summary>
public sealed class BatchLedgerStoreTests : IDisposable
{
    private const long PartSize = 100 * 1024;
    private readonly TestDirectory temp = new();
    private readonly string redisPrefix = RedisServer.NewPrefix();

    public static TheoryData<string> Stores => ["file", "sqlite", "redis"];

    public void Dispose()
    {
        RedisServer.DeletePrefixAsync(redisPrefix).GetAwaiter().GetResult();
        temp.Dispose();
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task FailedBatch_KeepsLedger_RerunSkipsFinishedFiles_ThenLedgerGoes(string kind)
    {
        var root = Path.Combine(temp.Path, "src");
        Directory.CreateDirectory(root);
        for (var i = 0; i < 12; i++)
        {
            await File.WriteAllBytesAsync(Path.Combine(root, $"f{i:D2}.bin"), new byte[i * 50]);
        }

        var big = new byte[5 * PartSize];
        new Random(3).NextBytes(big);
        await File.WriteAllBytesAsync(Path.Combine(root, "big.bin"), big);
        var target = new InMemoryMultipartTarget();
        target.Faults.FailPart(4, times: 1000, TargetErrorKind.Permanent);
        var request = new DirectoryUploadRequest { Directory = root, Bucket = "b", KeyPrefix = "p/" };
        var options = new UploadOptions { PartSize = PartSize, Retry = new UploadRetryOptions { MaxRetryAttempts = 0 } };

        var first = await BatchSummary.CollectAsync(new ResumableUploader(target, await OpenStoreAsync(kind), options).UploadDirectoryAsync(request));
        Assert.Equal(12, first.Uploaded);
        Assert.Equal(1, first.Failed);
        Assert.Equal(2, await CountCheckpointsAsync(await OpenStoreAsync(kind))); // the big file's own and the batch ledger

        target.Faults.FailPart(4, times: 0);
        var second = await BatchSummary.CollectAsync(new ResumableUploader(target, await OpenStoreAsync(kind), options).UploadDirectoryAsync(request));

        Assert.Equal(12, second.Skipped);
        Assert.Equal(1, second.Uploaded);
        Assert.Equal(0, second.Failed);
        Assert.All(target.Writes, w => Assert.Equal(1, w.Value));
        Assert.Equal(big, target.GetObject(new ObjectLocation("b", "p/big.bin")));
        Assert.Equal(0, await CountCheckpointsAsync(await OpenStoreAsync(kind)));
    }

    private static async Task<int> CountCheckpointsAsync(ICheckpointStore store)
    {
        var count = 0;
        await foreach (var _ in store.ListAsync())
        {
            count++;
        }

        return count;
    }

    private async Task<ICheckpointStore> OpenStoreAsync(string kind)
    {
        switch (kind)
        {
            case "file":
                Directory.CreateDirectory(Path.Combine(temp.Path, "ckpt"));
                return new FileCheckpointStore(Path.Combine(temp.Path, "ckpt"));
            case "sqlite":
                return new SqliteCheckpointStore(new SqliteCheckpointStoreOptions { Path = Path.Combine(temp.Path, "ckpt.db") });
            default:
                await RedisServer.ConnectionAsync();
                return new RedisCheckpointStore(new RedisCheckpointStoreOptions { Configuration = RedisServer.Endpoint, KeyPrefix = redisPrefix });
        }
    }
}
