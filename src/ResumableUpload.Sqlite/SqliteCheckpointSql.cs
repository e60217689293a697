namespace ResumableUpload.Sqlite;

/// <summary>The store's statements. Every value is a parameter; <c>$owner</c> is the lease token that fences writes.</summary>
internal static class SqliteCheckpointSql
{
    /// <summary>Takes the lease when nobody holds it or the holder's lease has expired; 0 rows changed = held by a live owner.</summary>
    public const string Acquire = """
        INSERT INTO leases (key, owner, expires_at, holder) VALUES ($key, $owner, $expires, $holder)
        ON CONFLICT (key) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at, holder = excluded.holder
        WHERE leases.expires_at <= $now
        """;

    public const string ReadLease = "SELECT owner, holder, expires_at FROM leases WHERE key = $key";

    /// <summary>Takes over a dead holder's lease: compare-and-set on its owner token, so of two successors only one wins (1 row).</summary>
    public const string TakeOver = """
        UPDATE leases SET owner = $owner, expires_at = $expires, holder = $holder
        WHERE key = $key AND owner = $previous
        """;

    public const string Renew = "UPDATE leases SET expires_at = $expires WHERE key = $key AND owner = $owner";

    public const string Release = "DELETE FROM leases WHERE key = $key AND owner = $owner";

    public const string HoldsLease = "SELECT 1 FROM leases WHERE key = $key AND owner = $owner";

    /// <summary>1 when the key has a checkpoint or a lease row (live or expired, never yet taken over), else 0.</summary>
    public const string MayHold = """
        SELECT EXISTS (SELECT 1 FROM checkpoints WHERE key = $key) OR EXISTS (SELECT 1 FROM leases WHERE key = $key)
        """;

    public const string ReadHeader = "SELECT header FROM checkpoints WHERE key = $key";

    public const string ReadParts = "SELECT part_number, record FROM parts WHERE key = $key ORDER BY part_number";

    public const string ReadAllHeaders = "SELECT key, header FROM checkpoints ORDER BY key";

    public const string DeleteParts = "DELETE FROM parts WHERE key = $key";

    public const string DeleteCheckpoint = "DELETE FROM checkpoints WHERE key = $key";

    public const string UpsertHeader = """
        INSERT INTO checkpoints (key, header, updated_at) VALUES ($key, $header, $now)
        ON CONFLICT (key) DO UPDATE SET header = excluded.header, updated_at = excluded.updated_at
        """;

    /// <summary>
    /// Records a part only while this owner holds the lease and the checkpoint exists (the fencing check and the write
    /// are one statement); 0 rows changed = refused. The WHERE clause also resolves SQLite's INSERT…SELECT upsert ambiguity.
    /// </summary>
    public const string UpsertPart = """
        INSERT INTO parts (key, part_number, record)
        SELECT $key, $part, $record
        WHERE EXISTS (SELECT 1 FROM leases WHERE key = $key AND owner = $owner)
          AND EXISTS (SELECT 1 FROM checkpoints WHERE key = $key)
        ON CONFLICT (key, part_number) DO UPDATE SET record = excluded.record
        """;

    public const string Touch = "UPDATE checkpoints SET updated_at = $now WHERE key = $key";
}
