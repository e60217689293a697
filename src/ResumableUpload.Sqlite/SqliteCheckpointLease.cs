using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using ResumableUpload.Shared;

namespace ResumableUpload.Sqlite;

/// <summary>
/// The lease of one SQLite checkpoint: the <c>leases</c> row naming this lease's random owner token, renewed every
/// third of the lease duration. Every write runs in a write transaction whose statements require that row to still
/// name this owner, so a holder that stalled past its expiry and was taken over cannot write again (fencing).
/// Calls are serialized on one connection; the store's statements are short, local and synchronous.
/// </summary>
internal sealed class SqliteCheckpointLease : ICheckpointLease
{
    private readonly SqliteCheckpointStore store;
    private readonly SqliteConnection connection;
    private readonly string owner;
    private readonly Lock gate = new();
    private readonly SqliteCommand upsertPart;
    private readonly SqliteCommand touch;
    private ITimer? renewal;
    private bool released;

    private SqliteCheckpointLease(SqliteCheckpointStore store, CheckpointKey key, SqliteConnection connection, string owner)
    {
        this.store = store;
        this.connection = connection;
        this.owner = owner;
        Key = key;
        upsertPart = Command(SqliteCheckpointSql.UpsertPart);
        upsertPart.Parameters.AddWithValue("$owner", owner);
        upsertPart.Parameters.Add("$part", SqliteType.Integer);
        upsertPart.Parameters.Add("$record", SqliteType.Blob);
        touch = Command(SqliteCheckpointSql.Touch);
        touch.Parameters.Add("$now", SqliteType.Integer);
        var period = store.LeaseDuration / 3;
        renewal = store.TimeProvider.CreateTimer(static state => ((SqliteCheckpointLease)state!).Renew(), this, period, period);
    }

    public CheckpointKey Key { get; }

    public static SqliteCheckpointLease Acquire(SqliteCheckpointStore store, CheckpointKey key, SqliteConnection connection)
    {
        var owner = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var holder = store.Holder.ToString();
        string? refusal = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var now = store.NowUnixMilliseconds();
            var expires = now + (long)store.LeaseDuration.TotalMilliseconds;
            if (Claim(SqliteCheckpointSql.Acquire, expires, "$now", now))
            {
                return new SqliteCheckpointLease(store, key, connection, owner);
            }

            string previous;
            string? recorded;
            long previousExpiry;
            using (var read = connection.CreateCommand())
            {
                read.CommandText = SqliteCheckpointSql.ReadLease;
                read.Parameters.AddWithValue("$key", key.Value);
                using var reader = read.ExecuteReader();
                if (!reader.Read())
                {
                    continue; // released in between: try again
                }

                (previous, recorded, previousExpiry) = (reader.GetString(0), reader.GetString(1), reader.GetInt64(2));
            }

            var current = LeaseHolder.TryParse(recorded, out var parsed) ? parsed : null;
            if (current is null || !current.IsKnownDead())
            {
                var until = DateTimeOffset.FromUnixTimeMilliseconds(previousExpiry).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                refusal = current is null
                    ? $"The checkpoint {key} is in use by another upload (its SQLite lease is live until {until} and is being renewed while held)."
                    : $"The checkpoint {key} is in use by another upload (process {current.ProcessId} on {current.Host}; its SQLite lease is live until {until} and is being renewed while held).";
                break;
            }

            // The holder's process is gone from this host: take its lease now, unless another successor already did.
            if (Claim(SqliteCheckpointSql.TakeOver, expires, "$previous", previous))
            {
                return new SqliteCheckpointLease(store, key, connection, owner);
            }
        }

        throw refusal is null ? Errors.CheckpointContended(key) : new CheckpointLockedException(refusal);

        // Acquire (free or expired row) and take-over (a dead holder's row) write the same lease; each has one more condition.
        bool Claim(string sql, long expires, string condition, object value)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$key", key.Value);
            command.Parameters.AddWithValue("$owner", owner);
            command.Parameters.AddWithValue("$expires", expires);
            command.Parameters.AddWithValue("$holder", holder);
            command.Parameters.AddWithValue(condition, value);
            return command.ExecuteNonQuery() == 1;
        }
    }

    public Task<UploadCheckpoint?> LoadAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            ThrowIfReleased();
            using var transaction = connection.BeginTransaction(deferred: true);
            return Task.FromResult(SqliteCheckpointReader.Read(connection, transaction, Key.Value));
        }
    }

    public Task CreateAsync(CheckpointHeader header, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var record = CheckpointCodec.EncodeHeader(header);
        lock (gate)
        {
            ThrowIfReleased();
            using var transaction = connection.BeginTransaction(deferred: false);
            ThrowUnlessHolder(transaction);
            Execute(transaction, SqliteCheckpointSql.DeleteParts);
            using (var command = Command(SqliteCheckpointSql.UpsertHeader, transaction))
            {
                command.Parameters.AddWithValue("$header", record);
                command.Parameters.AddWithValue("$now", store.NowUnixMilliseconds());
                command.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        return Task.CompletedTask;
    }

    public ValueTask CommitPartAsync(PartRecord part, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var record = CheckpointCodec.EncodePart(part);
        lock (gate)
        {
            ThrowIfReleased();
            using var transaction = connection.BeginTransaction(deferred: false);
            upsertPart.Transaction = transaction;
            upsertPart.Parameters["$part"].Value = part.PartNumber;
            upsertPart.Parameters["$record"].Value = record;
            if (upsertPart.ExecuteNonQuery() == 0)
            {
                ThrowUnlessHolder(transaction);
                throw Errors.CheckpointMissing(Key);
            }

            touch.Transaction = transaction;
            touch.Parameters["$now"].Value = store.NowUnixMilliseconds();
            touch.ExecuteNonQuery();
            transaction.Commit();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Renews the lease by compare-and-set on the owner: a lease taken over by another holder is not renewed, and throws.</summary>
    public Task EnsureHeldAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            ThrowIfReleased();
            using var command = Command(SqliteCheckpointSql.Renew);
            command.Parameters.AddWithValue("$owner", owner);
            command.Parameters.AddWithValue("$expires", store.NowUnixMilliseconds() + (long)store.LeaseDuration.TotalMilliseconds);
            if (command.ExecuteNonQuery() == 0)
            {
                StopRenewing();
                throw LeaseLost();
            }
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (gate)
        {
            ThrowIfReleased();
            using var transaction = connection.BeginTransaction(deferred: false);
            ThrowUnlessHolder(transaction);
            Execute(transaction, SqliteCheckpointSql.DeleteParts);
            Execute(transaction, SqliteCheckpointSql.DeleteCheckpoint);
            transaction.Commit();
        }

        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        lock (gate)
        {
            if (released)
            {
                return ValueTask.CompletedTask;
            }

            released = true;
            StopRenewing();
            try
            {
                // Only our own row: after a takeover the row is the new holder's.
                using var command = Command(SqliteCheckpointSql.Release);
                command.Parameters.AddWithValue("$owner", owner);
                command.ExecuteNonQuery();
            }
            catch (SqliteException)
            {
                // The lease then simply expires.
            }

            upsertPart.Dispose();
            touch.Dispose();
            connection.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Stops renewal without releasing, as a crashed or stalled holder would (tests use it).</summary>
    internal void StopRenewing()
    {
        renewal?.Dispose();
        renewal = null;
    }

    private void Renew()
    {
        lock (gate)
        {
            if (released || renewal is null)
            {
                return;
            }

            try
            {
                using var command = Command(SqliteCheckpointSql.Renew);
                command.Parameters.AddWithValue("$owner", owner);
                command.Parameters.AddWithValue("$expires", store.NowUnixMilliseconds() + (long)store.LeaseDuration.TotalMilliseconds);
                if (command.ExecuteNonQuery() == 0)
                {
                    StopRenewing(); // taken over: the next write fails its fencing check
                }
            }
            catch (SqliteException)
            {
                // Busy or I/O trouble: the next tick tries again, well before the lease expires.
            }
        }
    }

    private void ThrowUnlessHolder(SqliteTransaction transaction)
    {
        using var command = Command(SqliteCheckpointSql.HoldsLease, transaction);
        command.Parameters.AddWithValue("$owner", owner);
        if (command.ExecuteScalar() is null)
        {
            throw LeaseLost();
        }
    }

    private CheckpointLockedException LeaseLost() => Errors.LeaseLost(Key);

    private void Execute(SqliteTransaction transaction, string sql)
    {
        using var command = Command(sql, transaction);
        command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? transaction = null)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        command.Parameters.AddWithValue("$key", Key.Value);
        return command;
    }

    private void ThrowIfReleased() => ObjectDisposedException.ThrowIf(released, this);
}
