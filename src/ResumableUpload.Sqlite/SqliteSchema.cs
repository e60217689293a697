using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ResumableUpload.Sqlite;

/// <summary>
/// The tables of the store and the steps that bring any older database up to <see cref="CurrentVersion"/>. The
/// version lives in SQLite's <c>user_version</c>; step <c>i</c> upgrades version <c>i</c> to <c>i + 1</c>. Add a
/// step to change the schema; never edit a shipped one.
/// </summary>
internal static class SqliteSchema
{
    /// <summary>Version 1: checkpoints (header record), parts (one record per part number), leases (owner, expiry).</summary>
    private static readonly string[] ToVersion1 =
    [
        "CREATE TABLE checkpoints (key TEXT NOT NULL PRIMARY KEY, header BLOB NOT NULL) WITHOUT ROWID",
        "CREATE TABLE parts (key TEXT NOT NULL, part_number INTEGER NOT NULL, record BLOB NOT NULL, PRIMARY KEY (key, part_number)) WITHOUT ROWID",
        "CREATE TABLE leases (key TEXT NOT NULL PRIMARY KEY, owner TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID",
    ];

    /// <summary>Version 2: when each checkpoint was last written (Unix ms), so abandoned ones can be found; SQLite has no TTL.</summary>
    private static readonly string[] ToVersion2 =
    [
        "ALTER TABLE checkpoints ADD COLUMN updated_at INTEGER NOT NULL DEFAULT 0",
    ];

    /// <summary>
    /// Version 3: who holds each lease (<see cref="LeaseHolder"/>: host, process id and start time), so a successor on
    /// the same host can take over a dead holder's lease at once. Empty for leases written by older versions.
    /// </summary>
    private static readonly string[] ToVersion3 =
    [
        "ALTER TABLE leases ADD COLUMN holder TEXT NOT NULL DEFAULT ''",
    ];

    private static readonly string[][] Steps = [ToVersion1, ToVersion2, ToVersion3];

    /// <summary>The schema version this library writes.</summary>
    public static int CurrentVersion => Steps.Length;

    /// <summary>Reads the database's schema version.</summary>
    public static int ReadVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Runs the missing steps in one write transaction (so two processes opening a new database do not race).</summary>
    /// <exception cref="InvalidOperationException">The database was written by a newer version of this library.</exception>
    public static void Migrate(SqliteConnection connection)
    {
        if (ReadVersion(connection) == CurrentVersion)
        {
            return; // fast path: no write lock needed
        }

        using var transaction = connection.BeginTransaction(deferred: false);
        var version = ReadVersion(connection);
        if (version > CurrentVersion)
        {
            throw new InvalidOperationException(
                $"The checkpoint database has schema version {version}; this library knows versions up to {CurrentVersion}. Use a newer ResumableUpload.Sqlite or another database.");
        }

        for (var step = version; step < CurrentVersion; step++)
        {
            foreach (var statement in Steps[step])
            {
                Execute(connection, statement);
            }
        }

        // PRAGMA takes no parameters; the value is our own constant, never input.
        Execute(connection, "PRAGMA user_version = " + CurrentVersion.ToString(CultureInfo.InvariantCulture));
        transaction.Commit();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
