using System.ComponentModel.DataAnnotations;
using ResumableUpload.Redis;
using StackExchange.Redis;

namespace ResumableUpload.Stores.Tests.Redis;

/// <summary>What the contract suite cannot see: TTLs, key names, the lease key, damaged fields.</summary>
public sealed class RedisCheckpointStoreTests : IAsyncLifetime
{
    private static readonly CheckpointKey Key = new("0123456789abcdef0123456789abcdef");
    private readonly string prefix = RedisServer.NewPrefix();
    private readonly List<RedisCheckpointStore> stores = [];
    private IDatabase database = null!;

    private string Hash => prefix + "{" + Key.Value + "}";

    private string LeaseKey => Hash + ":lease";

    public async Task InitializeAsync() => database = (await RedisServer.ConnectionAsync()).GetDatabase();

    public async Task DisposeAsync()
    {
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        await RedisServer.DeletePrefixAsync(prefix);
    }

    [Fact]
    public async Task MayHoldAsync_NeverUsedOrReleasedWithoutCheckpoint_FalseAndNoKeyLeft()
    {
        var store = Store();
        Assert.False(await store.MayHoldAsync(Key));

        await (await store.AcquireAsync(Key)).DisposeAsync();

        Assert.False(await store.MayHoldAsync(Key));
        Assert.False(await database.KeyExistsAsync(LeaseKey));
    }

    [Fact]
    public async Task MayHoldAsync_OnlyTheLeaseKeyOrOnlyTheHash_True()
    {
        var store = Store();
        await database.StringSetAsync(LeaseKey, "another-owner", TimeSpan.FromSeconds(30));
        Assert.True(await store.MayHoldAsync(Key));

        await database.KeyDeleteAsync(LeaseKey);
        await database.HashSetAsync(Hash, "any", "value");
        Assert.True(await store.MayHoldAsync(Key));
    }

    [Fact]
    public async Task CreateAsync_DefaultOptions_HashExpiresAfterSevenDays()
    {
        await using var lease = await Store().AcquireAsync(Key);

        await lease.CreateAsync(Header());
        var ttl = await database.KeyTimeToLiveAsync(Hash);

        Assert.InRange(ttl ?? TimeSpan.Zero, TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(7));
    }

    [Fact]
    public async Task CommitPartAsync_TimeToLive_IsRefreshedByEveryWrite()
    {
        await using var lease = await Store(o => o.TimeToLive = TimeSpan.FromHours(1)).AcquireAsync(Key);
        await lease.CreateAsync(Header());
        await database.KeyExpireAsync(Hash, TimeSpan.FromSeconds(30));

        await lease.CommitPartAsync(Part(1));
        var ttl = await database.KeyTimeToLiveAsync(Hash);

        Assert.InRange(ttl ?? TimeSpan.Zero, TimeSpan.FromMinutes(59), TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task TimeToLive_NoWritesForThatLong_AbandonedCheckpointExpires()
    {
        var store = Store(o => o.TimeToLive = TimeSpan.FromSeconds(1));
        await using (var lease = await store.AcquireAsync(Key))
        {
            await lease.CreateAsync(Header());
            await lease.CommitPartAsync(Part(1));
        }

        await Task.Delay(TimeSpan.FromSeconds(1.3));
        await using var later = await store.AcquireAsync(Key);

        Assert.Null(await later.LoadAsync());
    }

    [Fact]
    public async Task TimeToLive_Null_HashNeverExpires()
    {
        await using var lease = await Store(o => o.TimeToLive = null).AcquireAsync(Key);

        await lease.CreateAsync(Header());
        await lease.CommitPartAsync(Part(1));

        Assert.Null(await database.KeyTimeToLiveAsync(Hash));
    }

    [Fact]
    public async Task KeyPrefix_HostileObjectKey_KeysAreThePrefixAndTheCheckpointKeyOnly()
    {
        var header = Header() with { Location = new ObjectLocation("bucket", "evil}\n{key*with?glob[chars] \"quoted\"") };
        var key = CheckpointKey.For("/data/file", header.TargetIdentity, header.Location);
        await using var lease = await Store().AcquireAsync(key);
        await lease.CreateAsync(header);

        var keys = await KeysAsync();

        Assert.Equal([$"{prefix}{{{key.Value}}}", $"{prefix}{{{key.Value}}}:lease"], keys.Order(StringComparer.Ordinal));
        Assert.Equal(header, (await lease.LoadAsync())?.Header);
    }

    [Fact]
    public async Task ListAsync_TwoPrefixes_EachStoreListsOnlyItsOwn()
    {
        var otherPrefix = prefix + "other*[x]:";
        await using (var lease = await Store().AcquireAsync(Key))
        {
            await lease.CreateAsync(Header());
        }

        await using (var lease = await Store(o => o.KeyPrefix = otherPrefix).AcquireAsync(new CheckpointKey("ffffffffffffffffffffffffffffffff")))
        {
            await lease.CreateAsync(Header());
        }

        var mine = await ListAsync(Store());
        var theirs = await ListAsync(Store(o => o.KeyPrefix = otherPrefix));

        Assert.Equal([Key], mine.Select(e => e.Key));
        Assert.Equal([new CheckpointKey("ffffffffffffffffffffffffffffffff")], theirs.Select(e => e.Key));
    }

    [Fact]
    public async Task AcquireAsync_LeaseKey_HoldsATokenAndThisProcessWithTheLeaseDurationAndIsDeletedOnRelease()
    {
        var lease = await Store(o => o.LeaseDuration = TimeSpan.FromSeconds(20)).AcquireAsync(Key);

        var token = await database.StringGetAsync(LeaseKey);
        var ttl = await database.KeyTimeToLiveAsync(LeaseKey);
        await lease.DisposeAsync();

        var parts = token.ToString().Split('\n');
        Assert.Equal(2, parts.Length);
        Assert.Matches("^[0-9a-f]{32}$", parts[0]);
        Assert.True(LeaseHolder.TryParse(parts[1], out var holder), parts[1]);
        Assert.Equal(LeaseHolder.Current, holder);
        Assert.Equal(Environment.ProcessId, holder.ProcessId);
        Assert.InRange(ttl ?? TimeSpan.Zero, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(20));
        Assert.False(await database.KeyExistsAsync(LeaseKey));
    }

    [Fact]
    public async Task DisposeAsync_AfterTakeover_LeavesTheNewHoldersLease()
    {
        var options = (Action<RedisCheckpointStoreOptions>)(o => o.LeaseDuration = TimeSpan.FromSeconds(1));
        var old = await Store(options).AcquireAsync(Key);
        ((RedisCheckpointLease)old).StopRenewing();
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await using var taken = await Store(options).AcquireAsync(Key);
        var token = await database.StringGetAsync(LeaseKey);

        await old.DisposeAsync();

        Assert.Equal(token, await database.StringGetAsync(LeaseKey));
    }

    [Fact]
    public async Task LoadAsync_DamagedPartField_ThrowsCheckpointCorrupt()
    {
        await using var lease = await Store().AcquireAsync(Key);
        await lease.CreateAsync(Header());
        await lease.CommitPartAsync(Part(1));
        var record = CheckpointCodec.EncodePart(Part(1));
        record[12] ^= 0x01;
        await database.HashSetAsync(Hash, "1", record);

        await Assert.ThrowsAsync<CheckpointCorruptException>(() => lease.LoadAsync());
    }

    [Fact]
    public async Task LoadAsync_PartsWithoutHeader_ThrowsCheckpointCorrupt()
    {
        await using var lease = await Store().AcquireAsync(Key);
        await lease.CreateAsync(Header());
        await lease.CommitPartAsync(Part(1));
        await database.HashDeleteAsync(Hash, "h");

        await Assert.ThrowsAsync<CheckpointCorruptException>(() => lease.LoadAsync());
    }

    [Fact]
    public async Task CommitPartAsync_NoCheckpoint_ThrowsInvalidOperation()
    {
        await using var lease = await Store().AcquireAsync(Key);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await lease.CommitPartAsync(Part(1)));
        Assert.False(await database.KeyExistsAsync(Hash));
    }

    [Fact]
    public async Task Database_Option_WritesToThatDatabase()
    {
        await using var lease = await Store(o => o.Database = 3).AcquireAsync(Key);

        await lease.CreateAsync(Header());

        var connection = await RedisServer.ConnectionAsync();
        Assert.True(await connection.GetDatabase(3).KeyExistsAsync(Hash));
        Assert.False(await database.KeyExistsAsync(Hash));
        await lease.DeleteAsync();
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsOneExceptionListingEveryProblem()
    {
        var options = new RedisCheckpointStoreOptions
        {
            Configuration = RedisServer.Endpoint,
            ConfigurationOptions = new ConfigurationOptions(),
            TimeToLive = TimeSpan.Zero,
            KeyPrefix = string.Empty,
        };

        var error = Assert.Throws<ValidationException>(() => new RedisCheckpointStore(options));

        Assert.Contains("TimeToLive", error.Message, StringComparison.Ordinal);
        Assert.Contains("KeyPrefix", error.Message, StringComparison.Ordinal);
        Assert.Contains("at most one", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_NoConnection_ThrowsArgumentException()
        => Assert.Throws<ArgumentException>(() => new RedisCheckpointStore(new RedisCheckpointStoreOptions()));

    private static CheckpointHeader Header() => new()
    {
        TargetIdentity = "s3:http://127.0.0.1:9000",
        Location = new ObjectLocation("bucket", "key"),
        UploadId = "u1",
        Source = new SourceIdentity("/data/file", 30, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), null),
        PartSize = 10,
        PartCount = 3,
        Algorithm = ChecksumAlgorithm.Crc64Xz,
        CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private static PartRecord Part(int number) => new(number, (number - 1) * 10L, 10, "etag" + number, (ulong)number);

    private static async Task<List<CheckpointEntry>> ListAsync(RedisCheckpointStore store)
    {
        var entries = new List<CheckpointEntry>();
        await foreach (var entry in store.ListAsync())
        {
            entries.Add(entry);
        }

        return entries;
    }

    private RedisCheckpointStore Store(Action<RedisCheckpointStoreOptions>? configure = null)
    {
        var options = new RedisCheckpointStoreOptions { Configuration = RedisServer.Endpoint, KeyPrefix = prefix };
        configure?.Invoke(options);
        var store = new RedisCheckpointStore(options);
        stores.Add(store);
        return store;
    }

    private async Task<List<string>> KeysAsync()
    {
        var connection = await RedisServer.ConnectionAsync();
        var keys = new List<string>();
        await foreach (var key in connection.GetServers()[0].KeysAsync(database.Database, prefix + "*"))
        {
            keys.Add(key.ToString());
        }

        return keys;
    }
}
