using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;
using ResumableUpload.Sqlite;

namespace ResumableUpload.Stores.Tests.Sqlite;

/// <summary>What the contract suite cannot see: the schema and its migrations, the file, the clock, damaged rows.</summary>
public sealed class SqliteCheckpointStoreTests : IDisposable
{
    private static readonly CheckpointKey Key = new("0123456789abcdef0123456789abcdef");
    private readonly TestDirectory directory = new();

    private string DatabasePath => Path.Combine(directory.Path, "checkpoints.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        directory.Dispose();
    }

    [Fact]
    public async Task AcquireAsync_Version1Database_MigratesToCurrentAndKeepsItsCheckpoints()
    {
        // The schema as version 1 of this library wrote it.
        ExecuteAll(
            "CREATE TABLE checkpoints (key TEXT NOT NULL PRIMARY KEY, header BLOB NOT NULL) WITHOUT ROWID",
            "CREATE TABLE parts (key TEXT NOT NULL, part_number INTEGER NOT NULL, record BLOB NOT NULL, PRIMARY KEY (key, part_number)) WITHOUT ROWID",
            "CREATE TABLE leases (key TEXT NOT NULL PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID",
            "PRAGMA user_version = 1");
        Execute("INSERT INTO checkpoints (key, header) VALUES ($key, $record)", ("$key", Key.Value), ("$record", CheckpointCodec.EncodeHeader(Header())));
        Execute("INSERT INTO parts (key, part_number, record) VALUES ($key, 1, $record)", ("$key", Key.Value), ("$record", CheckpointCodec.EncodePart(Part(1))));
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        var store = new SqliteCheckpointStore(new SqliteCheckpointStoreOptions { Path = DatabasePath }, clock);

        await using var lease = await store.AcquireAsync(Key);
        var loaded = await lease.LoadAsync();
        await lease.CommitPartAsync(Part(2));

        Assert.Equal(Header(), loaded?.Header);
        Assert.Equal([Part(1)], loaded?.Parts ?? []);
        Assert.Equal(3L, Scalar("PRAGMA user_version"));
        Assert.Equal(clock.GetUtcNow().ToUnixTimeMilliseconds(), Scalar("SELECT updated_at FROM checkpoints"));
        Assert.Equal([Part(1), Part(2)], (await lease.LoadAsync())?.Parts ?? []);
    }

    [Fact]
    public async Task AcquireAsync_Version2DatabaseWithLiveLease_MigratesAndRefusesTheUnknownHolderUntilExpiry()
    {
        // A lease written by version 2 names no holder: nobody can tell whether its process lives, so expiry stays the rule.
        ExecuteAll(
            "CREATE TABLE checkpoints (key TEXT NOT NULL PRIMARY KEY, header BLOB NOT NULL, updated_at INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID",
            "CREATE TABLE parts (key TEXT NOT NULL, part_number INTEGER NOT NULL, record BLOB NOT NULL, PRIMARY KEY (key, part_number)) WITHOUT ROWID",
            "CREATE TABLE leases (key TEXT NOT NULL PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID",
            "PRAGMA user_version = 2");
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 5, 1, 0, 0, 0, TimeSpan.Zero));
        var expiry = clock.GetUtcNow().AddSeconds(30).ToUnixTimeMilliseconds();
        Execute("INSERT INTO leases (key, owner, expires_at) VALUES ($key, 'v2-owner', $expires)", ("$key", Key.Value), ("$expires", expiry));
        var store = new SqliteCheckpointStore(new SqliteCheckpointStoreOptions { Path = DatabasePath }, clock);

        await Assert.ThrowsAsync<CheckpointLockedException>(() => store.AcquireAsync(Key));
        Assert.Equal(3L, Scalar("PRAGMA user_version"));
        Assert.Equal(string.Empty, Scalar("SELECT holder FROM leases"));
        clock.Advance(TimeSpan.FromSeconds(30));
        await using var lease = await store.AcquireAsync(Key);

        Assert.Equal(LeaseHolder.Current.ToString(), Scalar("SELECT holder FROM leases"));
    }

    [Fact]
    public async Task AcquireAsync_NewDatabase_CreatesCurrentSchemaInWalModeOwnerOnly()
    {
        var store = new SqliteCheckpointStore(DatabasePath);

        await using var lease = await store.AcquireAsync(Key);
        await lease.CreateAsync(Header());

        Assert.Equal(3L, Scalar("PRAGMA user_version"));
        Assert.Equal("wal", Scalar("PRAGMA journal_mode"));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DatabasePath));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DatabasePath + "-wal"));
        }
    }

    [Fact]
    public async Task AcquireAsync_NewerSchemaVersion_ThrowsInvalidOperationNamingTheVersion()
    {
        Execute("PRAGMA user_version = 99");
        var store = new SqliteCheckpointStore(DatabasePath);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => store.AcquireAsync(Key));

        Assert.Contains("99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcquireAsync_MissingDirectory_ThrowsDirectoryNotFound()
    {
        var store = new SqliteCheckpointStore(Path.Combine(directory.Path, "missing", "checkpoints.db"));

        await Assert.ThrowsAsync<DirectoryNotFoundException>(() => store.AcquireAsync(Key));
    }

    [Fact]
    public async Task MayHoldAsync_MissingDirectory_ThrowsDirectoryNotFoundAsAcquireDoes()
    {
        var store = new SqliteCheckpointStore(Path.Combine(directory.Path, "missing", "checkpoints.db"));

        await Assert.ThrowsAsync<DirectoryNotFoundException>(async () => await store.MayHoldAsync(Key));
    }

    [Fact]
    public async Task MayHoldAsync_NeverUsedOrReleasedWithoutCheckpoint_FalseAndWritesNothing()
    {
        var store = new SqliteCheckpointStore(DatabasePath);
        Assert.False(await store.MayHoldAsync(Key));

        await (await store.AcquireAsync(Key)).DisposeAsync();

        Assert.False(await store.MayHoldAsync(Key)); // the released lease's row is gone
        Assert.Equal(0L, Scalar("SELECT count(*) FROM leases"));
    }

    [Fact]
    public async Task MayHoldAsync_ExpiredLeaseRow_TrueSoTheUploadTakesItOver()
    {
        // A holder that died without releasing leaves its row; only AcquireAsync decides whether it may be taken over.
        var store = new SqliteCheckpointStore(DatabasePath);
        Assert.False(await store.MayHoldAsync(Key)); // creates the schema
        Execute("INSERT INTO leases (key, owner, expires_at, holder) VALUES ($key, 'dead-owner', 0, '')", ("$key", Key.Value));

        Assert.True(await store.MayHoldAsync(Key));
    }

    [Fact]
    public async Task LoadAsync_DamagedPartRow_ThrowsCheckpointCorrupt()
    {
        await CreateAsync(3);
        var record = CheckpointCodec.EncodePart(Part(2));
        record[10] ^= 0x01;
        Execute("UPDATE parts SET record = $record WHERE part_number = 2", ("$record", record));

        await using var lease = await new SqliteCheckpointStore(DatabasePath).AcquireAsync(Key);

        await Assert.ThrowsAsync<CheckpointCorruptException>(() => lease.LoadAsync());
    }

    [Fact]
    public async Task LoadAsync_PartRowHoldingAnotherPartsRecord_ThrowsCheckpointCorrupt()
    {
        await CreateAsync(1);
        Execute("UPDATE parts SET part_number = 7 WHERE part_number = 1");

        await using var lease = await new SqliteCheckpointStore(DatabasePath).AcquireAsync(Key);

        await Assert.ThrowsAsync<CheckpointCorruptException>(() => lease.LoadAsync());
    }

    [Fact]
    public async Task CommitPartAsync_NoCheckpoint_ThrowsInvalidOperation()
    {
        await using var lease = await new SqliteCheckpointStore(DatabasePath).AcquireAsync(Key);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await lease.CommitPartAsync(Part(1)));
    }

    [Fact]
    public async Task Lease_FakeClock_RenewedWhileHeldAndTakenOverOnlyAfterExpiry()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = new SqliteCheckpointStoreOptions { Path = DatabasePath, LeaseDuration = TimeSpan.FromSeconds(30) };
        var (holder, contender) = (new SqliteCheckpointStore(options, clock), new SqliteCheckpointStore(options, clock));
        await using var lease = await holder.AcquireAsync(Key);
        await lease.CreateAsync(Header());

        clock.Advance(TimeSpan.FromMinutes(5)); // renewed every 10 s
        await Assert.ThrowsAsync<CheckpointLockedException>(() => contender.AcquireAsync(Key));

        ((SqliteCheckpointLease)lease).StopRenewing();
        clock.Advance(TimeSpan.FromSeconds(29));
        await Assert.ThrowsAsync<CheckpointLockedException>(() => contender.AcquireAsync(Key));
        clock.Advance(TimeSpan.FromSeconds(1));
        await using var taken = await contender.AcquireAsync(Key);

        await Assert.ThrowsAsync<CheckpointLockedException>(async () => await lease.CommitPartAsync(Part(1)));
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsOneExceptionListingEveryProblem()
    {
        var options = new SqliteCheckpointStoreOptions { Path = DatabasePath, ConnectionString = "Data Source=x.db", LeaseDuration = TimeSpan.Zero };

        var error = Assert.Throws<ValidationException>(() => new SqliteCheckpointStore(options));

        Assert.Contains("LeaseDuration", error.Message, StringComparison.Ordinal);
        Assert.Contains("set exactly one", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Data Source=:memory:")]
    [InlineData("Data Source=x;Mode=Memory")]
    public void Constructor_PrivateInMemoryDatabase_ThrowsArgumentException(string connectionString)
        => Assert.Throws<ArgumentException>(() => new SqliteCheckpointStore(connectionString));

    [Fact]
    public async Task AcquireAsync_SharedCacheInMemoryDatabase_Works()
    {
        const string ConnectionString = "Data Source=rupload-shared-test;Mode=Memory;Cache=Shared";
        using var keepAlive = new SqliteConnection(ConnectionString);
        keepAlive.Open();
        var store = new SqliteCheckpointStore(ConnectionString);

        await using var lease = await store.AcquireAsync(Key);
        await lease.CreateAsync(Header());
        await lease.CommitPartAsync(Part(1));

        Assert.Equal([Part(1)], (await lease.LoadAsync())?.Parts ?? []);
    }

    [Theory]
    [InlineData("Data Source={0}")]
    [InlineData("{0}")]
    public async Task Constructor_ConnectionStringOrPath_OpensTheSameFile(string format)
    {
        var store = new SqliteCheckpointStore(string.Format(System.Globalization.CultureInfo.InvariantCulture, format, DatabasePath));

        await using var lease = await store.AcquireAsync(Key);
        await lease.CreateAsync(Header());

        Assert.True(File.Exists(DatabasePath));
        Assert.Contains(DatabasePath, store.ConnectionString, StringComparison.Ordinal);
    }

    private static CheckpointHeader Header() => new()
    {
        TargetIdentity = "local:/srv",
        Location = new ObjectLocation("bucket", "key"),
        UploadId = "u1",
        Source = new SourceIdentity("/data/file", 30, new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), null),
        PartSize = 10,
        PartCount = 3,
        Algorithm = ChecksumAlgorithm.Crc64Nvme,
        CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
    };

    private static PartRecord Part(int number) => new(number, (number - 1) * 10L, 10, "etag" + number, (ulong)number);

    private async Task CreateAsync(int parts)
    {
        await using var lease = await new SqliteCheckpointStore(DatabasePath).AcquireAsync(Key);
        await lease.CreateAsync(Header());
        for (var number = 1; number <= parts; number++)
        {
            await lease.CommitPartAsync(Part(number));
        }
    }

    private void ExecuteAll(params string[] statements)
    {
        foreach (var sql in statements)
        {
            Execute(sql);
        }
    }

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection("Data Source=" + DatabasePath + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        command.ExecuteNonQuery();
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection("Data Source=" + DatabasePath + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
