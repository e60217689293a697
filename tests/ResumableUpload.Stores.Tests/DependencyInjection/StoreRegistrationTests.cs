using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ResumableUpload.Redis;
using ResumableUpload.Sqlite;
using ResumableUpload.Stores.Tests.Redis;
using StackExchange.Redis;

namespace ResumableUpload.Stores.Tests.DependencyInjection;

/// <summary>Each builder extension registers a working store, validates its options at start, and the last call wins.</summary>
public sealed class StoreRegistrationTests : IAsyncLifetime
{
    private static readonly CheckpointKey Key = new("abcdefabcdefabcdefabcdefabcdef01");
    private readonly TestDirectory directory = new();
    private readonly string prefix = RedisServer.NewPrefix();

    private string DatabasePath => Path.Combine(directory.Path, "checkpoints.db");

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await RedisServer.DeletePrefixAsync(prefix);
        SqliteConnection.ClearAllPools();
        directory.Dispose();
    }

    [Fact]
    public async Task UseSqliteCheckpoints_Path_UploaderGetsAWorkingSqliteStore()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload().UseLocalFolderTarget(directory.Path).UseSqliteCheckpoints(DatabasePath);
        await using var provider = services.BuildServiceProvider();

        var uploader = provider.GetRequiredService<ResumableUploader>();

        var store = Assert.IsType<SqliteCheckpointStore>(uploader.CheckpointStore);
        await RoundTripAsync(store);
        Assert.Same(store, provider.GetRequiredService<ICheckpointStore>());
    }

    [Fact]
    public async Task UseSqliteCheckpoints_ConnectionStringAndConfigure_AppliesTheOptions()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload().UseSqliteCheckpoints("Data Source=" + DatabasePath, o => o.LeaseDuration = TimeSpan.FromSeconds(10));
        await using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<SqliteCheckpointStore>(provider.GetRequiredService<ICheckpointStore>());

        Assert.Equal(TimeSpan.FromSeconds(10), store.LeaseDuration);
        await RoundTripAsync(store);
    }

    [Fact]
    public async Task UseSqliteCheckpoints_CalledTwice_TheLastCallWins()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload()
            .UseSqliteCheckpoints(Path.Combine(directory.Path, "first.db"), o => o.LeaseDuration = TimeSpan.FromSeconds(5))
            .UseSqliteCheckpoints(DatabasePath);
        await using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<SqliteCheckpointStore>(provider.GetRequiredService<ICheckpointStore>());

        Assert.Contains(DatabasePath, store.ConnectionString, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(30), store.LeaseDuration);
    }

    [Fact]
    public async Task UseSqliteCheckpoints_InvalidOptions_FailStartValidation()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload().UseSqliteCheckpoints(DatabasePath, o => o.LeaseDuration = TimeSpan.FromHours(2));
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(CancellationToken.None));

        Assert.Contains("LeaseDuration", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseFileCheckpoints_BlankDirectory_FailsStartValidation()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload().UseFileCheckpoints("unused", o => o.Directory = " ");
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(CancellationToken.None));

        Assert.Contains("Directory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FileCheckpointStore_BlankDirectoryWithoutDi_ThrowsValidationException()
    {
        var error = Assert.Throws<System.ComponentModel.DataAnnotations.ValidationException>(() => new FileCheckpointStore(new FileCheckpointStoreOptions { Directory = " " }));

        Assert.StartsWith("Invalid file checkpoint store options:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseRedisCheckpoints_ConfigurationString_RegistersAWorkingRedisStore()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload().UseRedisCheckpoints(RedisServer.Endpoint, o => o.KeyPrefix = prefix);
        await using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<RedisCheckpointStore>(provider.GetRequiredService<ICheckpointStore>());

        Assert.Equal(prefix, store.KeyPrefix);
        await RoundTripAsync(store);
    }

    [Fact]
    public async Task UseRedisCheckpoints_ConfigureAction_AppliesTheOptions()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload().UseRedisCheckpoints(o =>
        {
            o.Configuration = RedisServer.Endpoint;
            o.KeyPrefix = prefix;
            o.TimeToLive = TimeSpan.FromHours(2);
            o.LeaseDuration = TimeSpan.FromSeconds(9);
        });
        await using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<RedisCheckpointStore>(provider.GetRequiredService<ICheckpointStore>());

        Assert.Equal(TimeSpan.FromHours(2), store.TimeToLive);
        Assert.Equal(TimeSpan.FromSeconds(9), store.LeaseDuration);
        await RoundTripAsync(store);
    }

    [Fact]
    public async Task UseRedisCheckpoints_NoConnectionNamed_UsesTheMultiplexerFromServicesAndLeavesItOpen()
    {
        var connection = await RedisServer.ConnectionAsync();
        var services = new ServiceCollection();
        services.AddSingleton<IConnectionMultiplexer>(connection);
        services.AddResumableUpload().UseRedisCheckpoints(o => o.KeyPrefix = prefix);
        await using (var provider = services.BuildServiceProvider())
        {
            var store = Assert.IsType<RedisCheckpointStore>(provider.GetRequiredService<ICheckpointStore>());
            await RoundTripAsync(store);
        }

        Assert.True(connection.IsConnected);
        Assert.True(await connection.GetDatabase().PingAsync() > TimeSpan.Zero);
    }

    [Fact]
    public async Task UseRedisCheckpoints_Parameterless_UsesTheMultiplexerFromServicesWithDefaultOptions()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConnectionMultiplexer>(await RedisServer.ConnectionAsync());
        services.AddResumableUpload().UseRedisCheckpoints();
        await using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<RedisCheckpointStore>(provider.GetRequiredService<ICheckpointStore>());

        Assert.Equal("rupload:", store.KeyPrefix);
        Assert.Equal(TimeSpan.FromDays(7), store.TimeToLive);
    }

    [Fact]
    public async Task UseRedisCheckpoints_NoConnectionAnywhere_ThrowsNamingTheFix()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload().UseRedisCheckpoints();
        await using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<InvalidOperationException>(() => provider.GetRequiredService<ICheckpointStore>());

        Assert.Contains("IConnectionMultiplexer", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseRedisCheckpoints_CalledTwice_TheLastCallWins()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload()
            .UseRedisCheckpoints("unused.invalid:1", o => o.LeaseDuration = TimeSpan.FromSeconds(5))
            .UseRedisCheckpoints(RedisServer.Endpoint, o => o.KeyPrefix = prefix);
        await using var provider = services.BuildServiceProvider();

        var store = Assert.IsType<RedisCheckpointStore>(provider.GetRequiredService<ICheckpointStore>());

        Assert.Equal(TimeSpan.FromSeconds(30), store.LeaseDuration);
        await RoundTripAsync(store);
    }

    [Fact]
    public async Task UseRedisCheckpoints_TwoConnectionsNamed_FailStartValidation()
    {
        var services = new ServiceCollection();
        services.AddResumableUpload().UseRedisCheckpoints(RedisServer.Endpoint, o => o.ConfigurationOptions = new ConfigurationOptions());
        await using var provider = services.BuildServiceProvider();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => provider.GetRequiredService<IAsyncStartupValidator>().ValidateAsync(CancellationToken.None));

        Assert.Contains("at most one", error.Message, StringComparison.Ordinal);
    }

    private static async Task RoundTripAsync(ICheckpointStore store)
    {
        var header = new CheckpointHeader
        {
            TargetIdentity = "local:/srv",
            Location = new ObjectLocation("bucket", "key"),
            UploadId = "u1",
            Source = new SourceIdentity("/data/file", 20, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), null),
            PartSize = 10,
            PartCount = 2,
            Algorithm = ChecksumAlgorithm.Crc64Xz,
            CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        };
        var part = new PartRecord(1, 0, 10, "etag", 7);
        await using var lease = await store.AcquireAsync(Key);
        await lease.CreateAsync(header);
        await lease.CommitPartAsync(part);

        var loaded = await lease.LoadAsync();
        await lease.DeleteAsync();

        Assert.Equal(header, loaded?.Header);
        Assert.Equal([part], loaded?.Parts ?? []);
    }
}
