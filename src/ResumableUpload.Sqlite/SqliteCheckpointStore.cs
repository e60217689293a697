using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using ResumableUpload.Shared;

namespace ResumableUpload.Sqlite;

/// <summary>
/// Checkpoints in a SQLite database (WAL mode): a row per header, a row per finished part (so a commit is one upsert
/// whatever the ledger's length), every record in the self-checksummed <see cref="CheckpointCodec"/> form. A lease is
/// a row with a random owner token, an expiry and its <see cref="LeaseHolder"/>, renewed by a timer while held; every
/// write checks, in its own transaction, that its owner still holds the lease. A lease whose holder is known dead on
/// this host is taken over at once; otherwise only after it expires. Several processes may share one database file.
/// </summary>
public sealed class SqliteCheckpointStore : ICheckpointStore
{
    private readonly Lock initializeGate = new();
    private readonly int busyTimeoutMilliseconds;
    private bool initialized;

    /// <summary>Initializes a new instance of the <see cref="SqliteCheckpointStore"/> class.</summary>
    /// <param name="connectionStringOrPath">A connection string (it contains <c>=</c>) or the path of the database file.</param>
    public SqliteCheckpointStore(string connectionStringOrPath)
        : this(SqliteDatabaseFile.OptionsFor(connectionStringOrPath))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SqliteCheckpointStore"/> class.</summary>
    /// <param name="options">The options; validated here.</param>
    /// <param name="timeProvider">The clock of lease expiry and renewal, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are invalid; the message lists every problem.</exception>
    public SqliteCheckpointStore(SqliteCheckpointStoreOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ConnectionString = SqliteDatabaseFile.ResolveConnectionString(options);
        LeaseDuration = options.LeaseDuration;
        FlushCommitsToDisk = options.FlushCommitsToDisk;
        busyTimeoutMilliseconds = (int)options.BusyTimeout.TotalMilliseconds;
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the connection string the store opens.</summary>
    internal string ConnectionString { get; }

    /// <summary>Gets how long a lease lives without renewal.</summary>
    internal TimeSpan LeaseDuration { get; }

    internal bool FlushCommitsToDisk { get; }

    internal TimeProvider TimeProvider { get; }

    /// <summary>Gets or sets the holder this store's leases record (tests record another process, dead or on another host).</summary>
    internal LeaseHolder Holder { get; set; } = LeaseHolder.Current;

    /// <inheritdoc />
    /// <exception cref="SqliteException">The database cannot be opened or written.</exception>
    public Task<ICheckpointLease> AcquireAsync(CheckpointKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Errors.ThrowIfNotACheckpointKey(key, nameof(key));
        var connection = Open();
        try
        {
            return Task.FromResult<ICheckpointLease>(SqliteCheckpointLease.Acquire(this, key, connection));
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// One read, no write: a checkpoint row, or a lease row of any age (an expired one is left to
    /// <see cref="AcquireAsync"/>, which takes it over as always). Taking the lease instead costs two write transactions
    /// per small file (insert, then delete on release).
    /// </remarks>
    /// <exception cref="SqliteException">The database cannot be opened or read.</exception>
    public ValueTask<bool> MayHoldAsync(CheckpointKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Errors.ThrowIfNotACheckpointKey(key, nameof(key));
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = SqliteCheckpointSql.MayHold;
        command.Parameters.AddWithValue("$key", key.Value);
        return ValueTask.FromResult(Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CheckpointEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var connection = Open();
        var keys = new List<string>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = SqliteCheckpointSql.ReadAllHeaders;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                keys.Add(reader.GetString(0));
            }
        }

        foreach (var name in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!CheckpointKey.IsWellFormed(name))
            {
                continue;
            }

            CheckpointEntry entry;
            try
            {
                using var transaction = connection.BeginTransaction(deferred: true);
                var checkpoint = SqliteCheckpointReader.Read(connection, transaction, name);
                if (checkpoint is null)
                {
                    continue; // deleted while listing
                }

                entry = new CheckpointEntry(new CheckpointKey(name), checkpoint, null);
            }
            catch (CheckpointCorruptException ex)
            {
                entry = new CheckpointEntry(new CheckpointKey(name), null, ex.Message);
            }

            yield return entry;
        }
    }

    /// <summary>Opens a connection with the store's pragmas, creating and migrating the database on first use.</summary>
    internal SqliteConnection Open()
    {
        EnsureInitialized();
        return OpenConnection();
    }

    internal long NowUnixMilliseconds() => TimeProvider.GetUtcNow().ToUnixTimeMilliseconds();

    private SqliteConnection OpenConnection()
    {
        var connection = new SqliteConnection(ConnectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();

            // PRAGMAs take no parameters; both values are integers of our own.
            command.CommandText = string.Create(
                CultureInfo.InvariantCulture,
                $"PRAGMA busy_timeout = {busyTimeoutMilliseconds}; PRAGMA synchronous = {(FlushCommitsToDisk ? "FULL" : "NORMAL")}");
            command.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void EnsureInitialized()
    {
        if (Volatile.Read(ref initialized))
        {
            return;
        }

        lock (initializeGate)
        {
            if (initialized)
            {
                return;
            }

            SqliteDatabaseFile.CreatePrivateIfMissing(ConnectionString);
            using var connection = OpenConnection();
            using (var command = connection.CreateCommand())
            {
                // WAL lets readers (status listings) run beside the writer; the mode is stored in the file.
                command.CommandText = "PRAGMA journal_mode = WAL";
                command.ExecuteNonQuery();
            }

            SqliteSchema.Migrate(connection);
            Volatile.Write(ref initialized, true);
        }
    }
}
