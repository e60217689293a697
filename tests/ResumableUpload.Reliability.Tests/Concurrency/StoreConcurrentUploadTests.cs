using ResumableUpload.Redis;
using ResumableUpload.Sqlite;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Reliability.Tests.Concurrency;

public sealed class SqliteConcurrentUploadTests : ConcurrentUploadTests
{
    private readonly string path;

    public SqliteConcurrentUploadTests() => path = Temp.File("checkpoints.db");

    protected override ICheckpointStore NewStoreInstance() => new SqliteCheckpointStore(path);
}

public sealed class RedisConcurrentUploadTests : ConcurrentUploadTests, IAsyncLifetime
{
    private readonly string prefix = $"race-{Guid.NewGuid():N}:";
    private readonly List<RedisCheckpointStore> stores = [];

    protected override ICheckpointStore NewStoreInstance()
    {
        var store = new RedisCheckpointStore(new RedisCheckpointStoreOptions { Configuration = ServerEnvironment.Redis, KeyPrefix = prefix });
        lock (stores)
        {
            stores.Add(store);
        }

        return store;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }
    }
}
