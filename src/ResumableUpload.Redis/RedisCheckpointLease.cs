using System.Globalization;
using System.Security.Cryptography;
using ResumableUpload.Shared;
using StackExchange.Redis;

namespace ResumableUpload.Redis;

/// <summary>
/// The lease of one Redis checkpoint: the lease key holds this lease's random token and its <see cref="LeaseHolder"/>
/// with a PX expiry (taken over at once when the holder is known dead on this host), renewed every
/// third of the lease duration by compare-and-pexpire. Every write script checks the token first (fencing).
/// </summary>
internal sealed class RedisCheckpointLease : ICheckpointLease
{
    private readonly RedisCheckpointStore store;
    private readonly IDatabase database;
    private readonly RedisKey checkpointKey;
    private readonly RedisKey leaseKey;
    private readonly RedisKey[] bothKeys;
    private readonly RedisValue token;
    private readonly long leaseMilliseconds;
    private ITimer? renewal;
    private int released;

    private RedisCheckpointLease(RedisCheckpointStore store, IDatabase database, CheckpointKey key, RedisValue token)
    {
        this.store = store;
        this.database = database;
        this.token = token;
        Key = key;
        checkpointKey = store.Keys.Checkpoint(key);
        leaseKey = store.Keys.Lease(key);
        bothKeys = [checkpointKey, leaseKey];
        leaseMilliseconds = (long)store.LeaseDuration.TotalMilliseconds;
        var period = store.LeaseDuration / 3;
        renewal = store.TimeProvider.CreateTimer(static state => _ = ((RedisCheckpointLease)state!).RenewAsync(), this, period, period);
    }

    public CheckpointKey Key { get; }

    public static async Task<RedisCheckpointLease> AcquireAsync(RedisCheckpointStore store, IDatabase database, CheckpointKey key)
    {
        // The holder rides in the lease value after the token, so it is set, expired and compared with it atomically.
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) + "\n" + store.Holder;
        var leaseKey = store.Keys.Lease(key);
        LeaseHolder? live = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (await database.StringSetAsync(leaseKey, token, store.LeaseDuration, When.NotExists).ConfigureAwait(false))
            {
                return new RedisCheckpointLease(store, database, key, token);
            }

            var previous = await database.StringGetAsync(leaseKey).ConfigureAwait(false);
            if (previous.IsNull)
            {
                continue; // released or expired in between: try again
            }

            var text = (string)previous!;
            var newline = text.IndexOf('\n', StringComparison.Ordinal);
            live = newline >= 0 && LeaseHolder.TryParse(text[(newline + 1)..], out var holder) ? holder : null;
            if (live is null || !live.IsKnownDead())
            {
                break;
            }

            // The holder's process is gone from this host: take its lease now, unless another successor already did.
            var taken = await database.ScriptEvaluateAsync(RedisCheckpointScripts.TakeOver, [leaseKey], [previous, token, (long)store.LeaseDuration.TotalMilliseconds]).ConfigureAwait(false);
            if ((long)taken == 1)
            {
                return new RedisCheckpointLease(store, database, key, token);
            }
        }

        var remaining = await database.KeyTimeToLiveAsync(leaseKey).ConfigureAwait(false);
        var expires = remaining is { } ttl ? $"expires in {ttl.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s" : "is live";
        var who = live is null ? string.Empty : $"process {live.ProcessId} on {live.Host}; ";
        throw new CheckpointLockedException($"The checkpoint {key} is in use by another upload ({who}its Redis lease {expires} and is being renewed while held).");
    }

    public async Task<UploadCheckpoint?> LoadAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfReleased();
        cancellationToken.ThrowIfCancellationRequested();
        return await store.ReadAsync(database, Key).ConfigureAwait(false);
    }

    public async Task CreateAsync(CheckpointHeader header, CancellationToken cancellationToken = default)
    {
        ThrowIfReleased();
        cancellationToken.ThrowIfCancellationRequested();
        var record = CheckpointCodec.EncodeHeader(header);
        var result = await database.ScriptEvaluateAsync(RedisCheckpointScripts.Create, bothKeys, [token, record, store.TimeToLiveArgument]).ConfigureAwait(false);
        ThrowIfRefused(result);
    }

    public async ValueTask CommitPartAsync(PartRecord part, CancellationToken cancellationToken = default)
    {
        ThrowIfReleased();
        cancellationToken.ThrowIfCancellationRequested();
        var record = CheckpointCodec.EncodePart(part);
        var result = await database.ScriptEvaluateAsync(RedisCheckpointScripts.Commit, bothKeys, [token, part.PartNumber, record, store.TimeToLiveArgument]).ConfigureAwait(false);
        ThrowIfRefused(result);
    }

    /// <summary>Renews the lease by compare-and-pexpire: a lease taken over by another holder is not renewed, and throws.</summary>
    public async Task EnsureHeldAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfReleased();
        cancellationToken.ThrowIfCancellationRequested();
        var result = await database.ScriptEvaluateAsync(RedisCheckpointScripts.Renew, [leaseKey], [token, leaseMilliseconds]).ConfigureAwait(false);
        if ((long)result == 0)
        {
            StopRenewing();
            throw LeaseLost();
        }
    }

    public async Task DeleteAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfReleased();
        cancellationToken.ThrowIfCancellationRequested();
        var result = await database.ScriptEvaluateAsync(RedisCheckpointScripts.Delete, bothKeys, [token]).ConfigureAwait(false);
        ThrowIfRefused(result);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref released, 1) != 0)
        {
            return;
        }

        StopRenewing();
        try
        {
            await database.ScriptEvaluateAsync(RedisCheckpointScripts.Release, [leaseKey], [token]).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            // The lease then simply expires.
        }
    }

    /// <summary>Stops renewal without releasing, as a crashed or stalled holder would (tests use it).</summary>
    internal void StopRenewing() => Interlocked.Exchange(ref renewal, null)?.Dispose();

    private async Task RenewAsync()
    {
        if (Volatile.Read(ref released) != 0 || Volatile.Read(ref renewal) is null)
        {
            return;
        }

        try
        {
            var result = await database.ScriptEvaluateAsync(RedisCheckpointScripts.Renew, [leaseKey], [token, leaseMilliseconds]).ConfigureAwait(false);
            if ((long)result == 0)
            {
                StopRenewing(); // taken over: the next write fails its fencing check
            }
        }
        catch (Exception ex) when (ex is RedisException or ObjectDisposedException)
        {
            // A blip: the next tick tries again, well before the lease expires (or the store was disposed).
        }
    }

    private void ThrowIfRefused(RedisResult result)
    {
        switch ((long)result)
        {
            case RedisCheckpointScripts.Done:
                return;
            case RedisCheckpointScripts.LeaseLost:
                throw LeaseLost();
            case RedisCheckpointScripts.NoCheckpoint:
                throw Errors.CheckpointMissing(Key);
            default:
                throw new InvalidOperationException($"A checkpoint script returned the unexpected result {result}.");
        }
    }

    private CheckpointLockedException LeaseLost() => Errors.LeaseLost(Key);

    private void ThrowIfReleased() => ObjectDisposedException.ThrowIf(Volatile.Read(ref released) != 0, this);
}
