using ResumableUpload.Redis;
using ResumableUpload.Stores.Tests.Redis;
using ResumableUpload.Testing;

namespace ResumableUpload.Stores.Tests.Redis;

/// <summary>The contract suite against the Redis store: each store instance has its own connection, as a process would.</summary>
public sealed class RedisCheckpointStoreContractTests : CheckpointStoreContractTests
{
    private readonly string prefix = RedisServer.NewPrefix();

    protected override bool LeasesExpire => true;

    protected override TimeSpan LeaseDuration => TimeSpan.FromSeconds(2);

    protected override bool TakesOverDeadHolderOnSameHost => true;

    // Fail every test with RedisServer's clear message when RUPLOAD_REDIS is missing or unreachable.
    public override async Task InitializeAsync() => await RedisServer.ConnectionAsync();

    protected override Task<ICheckpointStore> CreateStoreAsync()
        => Task.FromResult<ICheckpointStore>(NewStore());

    protected override Task<ICheckpointStore> CreateStoreAsHolderAsync(LeaseHolder holder)
    {
        var store = NewStore();
        store.Holder = holder;
        return Task.FromResult<ICheckpointStore>(store);
    }

    protected override async Task CorruptCheckpointAsync(CheckpointKey key)
    {
        var database = (await RedisServer.ConnectionAsync()).GetDatabase();
        var hash = prefix + "{" + key.Value + "}";
        var header = (byte[]?)await database.HashGetAsync(hash, "h");
        Assert.NotNull(header);
        header[20] ^= 0xFF;
        await database.HashSetAsync(hash, "h", header);
    }

    protected override Task SimulateHolderDeathAsync(ICheckpointLease lease)
    {
        ((RedisCheckpointLease)lease).StopRenewing();
        return Task.CompletedTask;
    }

    protected override Task CleanupAsync() => RedisServer.DeletePrefixAsync(prefix);

    private RedisCheckpointStore NewStore() => new(new RedisCheckpointStoreOptions
    {
        Configuration = RedisServer.Endpoint,
        KeyPrefix = prefix,
        LeaseDuration = LeaseDuration,
    });
}
