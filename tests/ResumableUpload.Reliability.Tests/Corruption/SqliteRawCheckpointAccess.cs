using Microsoft.Data.Sqlite;

namespace ResumableUpload.Reliability.Tests.Corruption;

/// <summary>The SQLite store's rows: the header blob, then each part's record blob in part-number order.</summary>
public sealed class SqliteRawCheckpointAccess(string databasePath) : IRawCheckpointAccess
{
    public bool IsSingleBlob => false;

    public async Task<List<byte[]>> ReadAsync(CheckpointKey key)
    {
        await using var connection = await OpenAsync();
        var records = new List<byte[]>();
        await using (var header = connection.CreateCommand())
        {
            header.CommandText = "SELECT header FROM checkpoints WHERE key = $key";
            header.Parameters.AddWithValue("$key", key.Value);
            records.Add((byte[])(await header.ExecuteScalarAsync())!);
        }

        await using var parts = connection.CreateCommand();
        parts.CommandText = "SELECT record FROM parts WHERE key = $key ORDER BY part_number";
        parts.Parameters.AddWithValue("$key", key.Value);
        await using var reader = await parts.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            records.Add((byte[])reader[0]);
        }

        return records;
    }

    public async Task WriteAsync(CheckpointKey key, IReadOnlyList<byte[]> records)
    {
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Execute(connection, "DELETE FROM parts WHERE key = $key", key);
        Execute(connection, "DELETE FROM checkpoints WHERE key = $key", key);
        if (records.Count > 0)
        {
            Execute(connection, "INSERT INTO checkpoints (key, header) VALUES ($key, $blob)", key, records[0]);
        }

        for (var i = 1; i < records.Count; i++)
        {
            Execute(connection, "INSERT OR REPLACE INTO parts (key, part_number, record) VALUES ($key, $number, $blob)", key, records[i], RawRecords.PartNumberOr(records[i], i));
        }

        await transaction.CommitAsync();
    }

    private static void Execute(SqliteConnection connection, string sql, CheckpointKey key, byte[]? blob = null, int number = 0)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$key", key.Value);
        command.Parameters.AddWithValue("$blob", (object?)blob ?? DBNull.Value);
        command.Parameters.AddWithValue("$number", number);
        command.ExecuteNonQuery();
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection($"Data Source={databasePath};Pooling=False");
        await connection.OpenAsync();
        return connection;
    }
}
