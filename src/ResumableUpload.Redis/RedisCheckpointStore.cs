using System.Runtime.CompilerServices;
using ResumableUpload.Shared;
using StackExchange.Redis;

namespace ResumableUpload.Redis;

/// <summary>
/// Checkpoints in Redis: a hash per upload holding the header record in one field and each finished part's record in a
/// field named by its part number (so a commit is one O(1), idempotent <c>HSET</c>), every record in the
/// self-checksummed <see cref="CheckpointCodec"/> form, with a TTL refreshed on every write so abandoned checkpoints
/// expire. A lease is <c>SET lease-key "token\nholder" NX PX</c> (see <see cref="LeaseHolder"/>: a dead holder on this
/// host is taken over at once by compare-and-set), renewed by a timer while held; every write is a Lua script that
/// first checks the token, so a holder that was taken over cannot write again (fencing).
/// </summary>
public sealed class RedisCheckpointStore : ICheckpointStore, IAsyncDisposable, IDisposable
{
    private readonly RedisCheckpointStoreOptions options;
    private readonly SemaphoreSlim connectGate = new(1, 1);
    private readonly bool ownsConnection;
    private IConnectionMultiplexer? connection;
    private bool disposed;

    /// <summary>Initializes a new instance of the <see cref="RedisCheckpointStore"/> class on a connection the caller owns.</summary>
    /// <param name="connection">The connection; the store never disposes it.</param>
    /// <param name="options">The options (their connection settings are ignored), or <see langword="null"/> for the defaults.</param>
    /// <param name="timeProvider">The clock of lease renewal, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are invalid; the message lists every problem.</exception>
    public RedisCheckpointStore(IConnectionMultiplexer connection, RedisCheckpointStoreOptions? options = null, TimeProvider? timeProvider = null)
        : this(options ?? new RedisCheckpointStoreOptions(), timeProvider, connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
    }

    /// <summary>Initializes a new instance of the <see cref="RedisCheckpointStore"/> class that connects at first use.</summary>
    /// <param name="options">
    /// The options; exactly one of <see cref="RedisCheckpointStoreOptions.Configuration"/>,
    /// <see cref="RedisCheckpointStoreOptions.ConfigurationOptions"/> and
    /// <see cref="RedisCheckpointStoreOptions.ConnectionMultiplexerFactory"/> must be set.
    /// </param>
    /// <param name="timeProvider">The clock of lease renewal, or <see langword="null"/> for the system clock.</param>
    /// <exception cref="System.ComponentModel.DataAnnotations.ValidationException">The options are invalid; the message lists every problem.</exception>
    /// <exception cref="ArgumentException">No connection is named.</exception>
    public RedisCheckpointStore(RedisCheckpointStoreOptions options, TimeProvider? timeProvider = null)
        : this(options, timeProvider, null)
    {
        if (string.IsNullOrWhiteSpace(options.Configuration) && options.ConfigurationOptions is null && options.ConnectionMultiplexerFactory is null)
        {
            throw new ArgumentException("Name the Redis connection: set Configuration, ConfigurationOptions or ConnectionMultiplexerFactory.", nameof(options));
        }

        ownsConnection = options.ConnectionMultiplexerFactory is null;
    }

    private RedisCheckpointStore(RedisCheckpointStoreOptions options, TimeProvider? timeProvider, IConnectionMultiplexer? connection)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.connection = connection;
        Keys = new RedisCheckpointKeys(options.KeyPrefix);
        TimeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Gets the prefix of every key the store writes.</summary>
    internal string KeyPrefix => Keys.Prefix;

    /// <summary>Gets how long a lease lives without renewal.</summary>
    internal TimeSpan LeaseDuration => options.LeaseDuration;

    /// <summary>Gets how long a checkpoint lives after its last write, or <see langword="null"/> for ever.</summary>
    internal TimeSpan? TimeToLive => options.TimeToLive;

    internal RedisCheckpointKeys Keys { get; }

    internal TimeProvider TimeProvider { get; }

    /// <summary>Gets or sets the holder this store's leases record (tests record another process, dead or on another host).</summary>
    internal LeaseHolder Holder { get; set; } = LeaseHolder.Current;

    /// <summary>Gets the TTL argument of the write scripts, in milliseconds; "0" means none.</summary>
    internal RedisValue TimeToLiveArgument => options.TimeToLive is { } ttl ? (long)ttl.TotalMilliseconds : 0;

    /// <inheritdoc />
    /// <exception cref="RedisException">Redis cannot be reached or refused the command.</exception>
    public async Task<ICheckpointLease> AcquireAsync(CheckpointKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Errors.ThrowIfNotACheckpointKey(key, nameof(key));

        var database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        return await RedisCheckpointLease.AcquireAsync(this, database, key).ConfigureAwait(false);
    }

    /// <inheritdoc />
    /// <remarks>
    /// One <c>EXISTS</c> of the checkpoint hash and the lease key (one hash slot), instead of the lease's two scripts
    /// for every small file. A lease key lives until it expires or is released, so a live or not yet expired lease counts.
    /// </remarks>
    /// <exception cref="RedisException">Redis cannot be reached or refused the command.</exception>
    public async ValueTask<bool> MayHoldAsync(CheckpointKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Errors.ThrowIfNotACheckpointKey(key, nameof(key));

        var database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        return await database.KeyExistsAsync([Keys.Checkpoint(key), Keys.Lease(key)]).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CheckpointEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var database = await GetDatabaseAsync(cancellationToken).ConfigureAwait(false);
        foreach (var server in database.Multiplexer.GetServers())
        {
            if (server.IsReplica || !server.IsConnected)
            {
                continue;
            }

            await foreach (var name in server.KeysAsync(database.Database, Keys.ScanPattern, pageSize: 250).WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                if (!Keys.TryParseCheckpoint(name, out var key))
                {
                    continue;
                }

                CheckpointEntry entry;
                try
                {
                    var checkpoint = await ReadAsync(database, key).ConfigureAwait(false);
                    if (checkpoint is null)
                    {
                        continue; // expired or deleted while listing
                    }

                    entry = new CheckpointEntry(key, checkpoint, null);
                }
                catch (CheckpointCorruptException ex)
                {
                    entry = new CheckpointEntry(key, null, ex.Message);
                }

                yield return entry;
            }
        }
    }

    /// <summary>Disposes the connection when the store made it.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (ownsConnection && connection is not null)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }

        connectGate.Dispose();
    }

    /// <summary>Disposes the connection when the store made it.</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (ownsConnection)
        {
            connection?.Dispose();
        }

        connectGate.Dispose();
    }

    /// <summary>Reads one checkpoint and checks every record.</summary>
    internal async Task<UploadCheckpoint?> ReadAsync(IDatabase database, CheckpointKey key)
    {
        var fields = await database.HashGetAllAsync(Keys.Checkpoint(key)).ConfigureAwait(false);
        return RedisCheckpointReader.Parse(fields);
    }

    private async ValueTask<IDatabase> GetDatabaseAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var current = Volatile.Read(ref connection);
        if (current is null)
        {
            await connectGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                current = connection ??= options.ConnectionMultiplexerFactory is { } factory
                    ? await factory().ConfigureAwait(false)
                    : await ConnectionMultiplexer.ConnectAsync(options.ConfigurationOptions ?? ConfigurationOptions.Parse(options.Configuration!)).ConfigureAwait(false);
            }
            finally
            {
                connectGate.Release();
            }
        }

        return current.GetDatabase(options.Database);
    }
}
