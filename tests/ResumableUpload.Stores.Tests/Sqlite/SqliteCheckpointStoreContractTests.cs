using Microsoft.Data.Sqlite;
using ResumableUpload.Sqlite;
using ResumableUpload.Testing;

namespace ResumableUpload.Stores.Tests.Sqlite;

/// <summary>The contract suite against the SQLite store: one database file, a store instance per "process".</summary>
public sealed class SqliteCheckpointStoreContractTests : CheckpointStoreContractTests
{
    private readonly TestDirectory directory = new();

    protected override bool LeasesExpire => true;

    protected override TimeSpan LeaseDuration => TimeSpan.FromSeconds(2);

    protected override bool TakesOverDeadHolderOnSameHost => true;

    private string DatabasePath => Path.Combine(directory.Path, "checkpoints.db");

    protected override Task<ICheckpointStore> CreateStoreAsync()
        => Task.FromResult<ICheckpointStore>(new SqliteCheckpointStore(new SqliteCheckpointStoreOptions { Path = DatabasePath, LeaseDuration = LeaseDuration }));

    protected override Task<ICheckpointStore> CreateStoreAsHolderAsync(LeaseHolder holder)
        => Task.FromResult<ICheckpointStore>(new SqliteCheckpointStore(new SqliteCheckpointStoreOptions { Path = DatabasePath, LeaseDuration = LeaseDuration }) { Holder = holder });

    protected override async Task CorruptCheckpointAsync(CheckpointKey key)
    {
        // Flip a byte inside the header record: its CRC-32C no longer matches.
        await using var connection = new SqliteConnection("Data Source=" + DatabasePath);
        await connection.OpenAsync();
        await using var read = connection.CreateCommand();
        read.CommandText = "SELECT header FROM checkpoints WHERE key = $key";
        read.Parameters.AddWithValue("$key", key.Value);
        var header = Assert.IsType<byte[]>(await read.ExecuteScalarAsync());
        header[20] ^= 0xFF;
        await using var write = connection.CreateCommand();
        write.CommandText = "UPDATE checkpoints SET header = $header WHERE key = $key";
        write.Parameters.AddWithValue("$key", key.Value);
        write.Parameters.AddWithValue("$header", header);
        Assert.Equal(1, await write.ExecuteNonQueryAsync());
    }

    protected override Task SimulateHolderDeathAsync(ICheckpointLease lease)
    {
        ((SqliteCheckpointLease)lease).StopRenewing();
        return Task.CompletedTask;
    }

    protected override Task CleanupAsync()
    {
        SqliteConnection.ClearAllPools();
        directory.Dispose();
        return Task.CompletedTask;
    }
}
