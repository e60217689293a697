using System.Runtime.CompilerServices;

namespace ResumableUpload.Stores.Tests.InMemory;

/// <summary>
/// A readable example of a custom <see cref="ICheckpointStore"/>: records go through <see cref="CheckpointCodec"/>
/// (so damage is detected), the lease is exclusive and refused at once, and every write is fenced by the lease.
/// It passes <see cref="ResumableUpload.Testing.CheckpointStoreContractTests"/>; see InMemoryCheckpointStoreContractTests.
/// </summary>
/// <param name="storage">The storage shared by the store instances of one "machine".</param>
public sealed class InMemoryCheckpointStore(InMemoryCheckpointStorage storage) : ICheckpointStore
{
    /// <inheritdoc />
    public Task<ICheckpointLease> AcquireAsync(CheckpointKey key, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var lease = new InMemoryCheckpointLease(storage, key);
        if (!storage.TryTakeLease(key, lease))
        {
            throw new CheckpointLockedException($"The checkpoint {key} is in use by another upload.");
        }

        return Task.FromResult<ICheckpointLease>(lease);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<CheckpointEntry> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var (key, header, parts) in storage.ReadAll())
        {
            cancellationToken.ThrowIfCancellationRequested();
            CheckpointEntry entry;
            try
            {
                entry = new CheckpointEntry(key, Decode(header, parts), null);
            }
            catch (CheckpointCorruptException ex)
            {
                entry = new CheckpointEntry(key, null, ex.Message);
            }

            yield return entry;
        }

        await Task.CompletedTask;
    }

    /// <summary>Decodes and checks the records of one checkpoint.</summary>
    /// <param name="header">The header record.</param>
    /// <param name="parts">The part records in part-number order.</param>
    /// <returns>The checkpoint.</returns>
    /// <exception cref="CheckpointCorruptException">A record is damaged.</exception>
    internal static UploadCheckpoint Decode(byte[] header, byte[][] parts)
        => new(CheckpointCodec.DecodeHeader(header), [.. parts.Select(p => CheckpointCodec.DecodePart(p))]);
}
