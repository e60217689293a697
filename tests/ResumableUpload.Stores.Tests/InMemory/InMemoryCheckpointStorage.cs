namespace ResumableUpload.Stores.Tests.InMemory;

/// <summary>
/// What the example store keeps, shared by its instances as a disk or a server is shared by processes: each checkpoint
/// as encoded records (a header record and one record per part number), and who holds each lease. Every write names
/// its lease holder and is refused unless that holder still holds the lease (fencing).
/// </summary>
public sealed class InMemoryCheckpointStorage
{
    private readonly Lock gate = new();
    private readonly Dictionary<CheckpointKey, StoredCheckpoint> checkpoints = [];
    private readonly Dictionary<CheckpointKey, object> holders = [];

    /// <summary>Takes the lease of <paramref name="key"/> for <paramref name="holder"/> if nobody holds it.</summary>
    /// <param name="key">The checkpoint.</param>
    /// <param name="holder">The lease object.</param>
    /// <returns><see langword="false"/> when someone else holds it.</returns>
    public bool TryTakeLease(CheckpointKey key, object holder)
    {
        lock (gate)
        {
            return holders.TryAdd(key, holder);
        }
    }

    /// <summary>Releases the lease if <paramref name="holder"/> still holds it.</summary>
    /// <param name="key">The checkpoint.</param>
    /// <param name="holder">The lease object.</param>
    public void ReleaseLease(CheckpointKey key, object holder)
    {
        lock (gate)
        {
            if (holders.TryGetValue(key, out var current) && current == holder)
            {
                holders.Remove(key);
            }
        }
    }

    /// <summary>Drops the lease whoever holds it, as the OS does when the holder's process dies.</summary>
    /// <param name="key">The checkpoint.</param>
    public void ForgetLease(CheckpointKey key)
    {
        lock (gate)
        {
            holders.Remove(key);
        }
    }

    /// <summary>Reads the records of a checkpoint.</summary>
    /// <param name="key">The checkpoint.</param>
    /// <returns>The header record and the part records in part-number order, or <see langword="null"/>.</returns>
    public (byte[] Header, byte[][] Parts)? Read(CheckpointKey key)
    {
        lock (gate)
        {
            return checkpoints.TryGetValue(key, out var stored) ? (stored.Header, [.. stored.Parts.Values]) : null;
        }
    }

    /// <summary>Reads every checkpoint.</summary>
    /// <returns>Each key with its records.</returns>
    public List<(CheckpointKey Key, byte[] Header, byte[][] Parts)> ReadAll()
    {
        lock (gate)
        {
            return [.. checkpoints.Select(c => (c.Key, c.Value.Header, (byte[][])[.. c.Value.Parts.Values]))];
        }
    }

    /// <summary>Replaces a checkpoint with a header record and an empty ledger.</summary>
    /// <param name="key">The checkpoint.</param>
    /// <param name="holder">The lease object writing.</param>
    /// <param name="header">The header record.</param>
    public void Replace(CheckpointKey key, object holder, byte[] header)
    {
        lock (gate)
        {
            ThrowUnlessHolder(key, holder);
            checkpoints[key] = new StoredCheckpoint(header);
        }
    }

    /// <summary>Stores a part record, replacing an earlier record of the same number.</summary>
    /// <param name="key">The checkpoint.</param>
    /// <param name="holder">The lease object writing.</param>
    /// <param name="partNumber">The part number.</param>
    /// <param name="record">The part record.</param>
    public void Put(CheckpointKey key, object holder, int partNumber, byte[] record)
    {
        lock (gate)
        {
            ThrowUnlessHolder(key, holder);
            if (!checkpoints.TryGetValue(key, out var stored))
            {
                throw new InvalidOperationException($"The checkpoint {key} does not exist: create or load it before committing parts.");
            }

            stored.Parts[partNumber] = record;
        }
    }

    /// <summary>Removes a checkpoint.</summary>
    /// <param name="key">The checkpoint.</param>
    /// <param name="holder">The lease object writing.</param>
    public void Remove(CheckpointKey key, object holder)
    {
        lock (gate)
        {
            ThrowUnlessHolder(key, holder);
            checkpoints.Remove(key);
        }
    }

    /// <summary>Throws unless <paramref name="holder"/> still holds the lease (before completing or aborting an upload).</summary>
    /// <param name="key">The checkpoint.</param>
    /// <param name="holder">The lease object.</param>
    public void EnsureHolder(CheckpointKey key, object holder)
    {
        lock (gate)
        {
            ThrowUnlessHolder(key, holder);
        }
    }

    /// <summary>Flips a byte of a header record, as a bad disk would (for the contract suite).</summary>
    /// <param name="key">The checkpoint.</param>
    public void Corrupt(CheckpointKey key)
    {
        lock (gate)
        {
            checkpoints[key].Header[20] ^= 0xFF;
        }
    }

    private void ThrowUnlessHolder(CheckpointKey key, object holder)
    {
        if (!holders.TryGetValue(key, out var current) || current != holder)
        {
            throw new CheckpointLockedException($"The lease on checkpoint {key} was lost.");
        }
    }

    private sealed class StoredCheckpoint(byte[] header)
    {
        public byte[] Header { get; } = header;

        public SortedDictionary<int, byte[]> Parts { get; } = [];
    }
}
