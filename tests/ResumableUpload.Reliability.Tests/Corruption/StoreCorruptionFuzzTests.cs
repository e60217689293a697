using ResumableUpload.Redis;
using ResumableUpload.Sqlite;
using ResumableUpload.TestSupport;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace ResumableUpload.Reliability.Tests.Corruption;

public sealed class SqliteStoreCorruptionFuzzTests : CheckpointCorruptionFuzzTests
{
    public SqliteStoreCorruptionFuzzTests(ITestOutputHelper output)
        : base(output)
    {
        var path = Scratch.File("checkpoints.db");
        Store = new SqliteCheckpointStore(path);
        Raw = new SqliteRawCheckpointAccess(path);
    }

    protected override ICheckpointStore Store { get; }

    protected override IRawCheckpointAccess Raw { get; }
}

public sealed class RedisStoreCorruptionFuzzTests : CheckpointCorruptionFuzzTests, IAsyncLifetime
{
    private readonly string prefix = $"fuzz-{Guid.NewGuid():N}:";
    private ConnectionMultiplexer? connection;
    private RedisCheckpointStore? store;
    private RedisRawCheckpointAccess? raw;

    public RedisStoreCorruptionFuzzTests(ITestOutputHelper output)
        : base(output)
    {
    }

    protected override ICheckpointStore Store => store!;

    protected override IRawCheckpointAccess Raw => raw!;

    public async Task InitializeAsync()
    {
        connection = await ConnectionMultiplexer.ConnectAsync(ServerEnvironment.Redis);
        store = new RedisCheckpointStore(connection, new RedisCheckpointStoreOptions { KeyPrefix = prefix });
        raw = new RedisRawCheckpointAccess(connection.GetDatabase(), prefix);
    }

    public async Task DisposeAsync()
    {
        if (store is not null)
        {
            await store.DisposeAsync();
        }

        connection?.Dispose();
    }
}
