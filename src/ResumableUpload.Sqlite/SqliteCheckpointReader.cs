using Microsoft.Data.Sqlite;
using ResumableUpload.Shared;

namespace ResumableUpload.Sqlite;

/// <summary>Reads one checkpoint (header and ledger) and checks every record, for loads and listings alike.</summary>
internal static class SqliteCheckpointReader
{
    /// <returns>The checkpoint, or <see langword="null"/> when none is stored.</returns>
    /// <exception cref="CheckpointCorruptException">A record fails its checksum or does not belong where it is stored.</exception>
    public static UploadCheckpoint? Read(SqliteConnection connection, SqliteTransaction? transaction, string key)
    {
        byte[] headerRecord;
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = SqliteCheckpointSql.ReadHeader;
            command.Parameters.AddWithValue("$key", key);
            if (command.ExecuteScalar() is not { } value)
            {
                return null;
            }

            headerRecord = value as byte[] ?? throw new CheckpointCorruptException("The checkpoint header is not stored as a blob.");
        }

        var header = CheckpointCodec.DecodeHeader(headerRecord);
        var parts = new List<PartRecord>();
        using (var command = connection.CreateCommand())
        {
            command.Transaction = transaction;
            command.CommandText = SqliteCheckpointSql.ReadParts;
            command.Parameters.AddWithValue("$key", key);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var number = reader.GetInt64(0);
                if (reader.GetValue(1) is not byte[] record)
                {
                    throw new CheckpointCorruptException($"The record of part {number} is not stored as a blob.");
                }

                var part = CheckpointCodec.DecodePart(record);
                if (part.PartNumber != number)
                {
                    throw new CheckpointCorruptException($"The row of part {number} holds the record of part {part.PartNumber}.");
                }

                if (part.PartNumber > header.PartCount)
                {
                    throw Errors.PartBeyondUpload(part.PartNumber, header.PartCount);
                }

                parts.Add(part);
            }
        }

        return new UploadCheckpoint(header, parts);
    }
}
