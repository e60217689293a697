namespace ResumableUpload.Reliability.Tests.Corruption;

/// <summary>
/// Reaches under a store to its stored bytes, so the fuzzer can damage them as a disk, a bug or a person would.
/// Records are in storage order: a file store gives one element (the whole file); record stores give the header
/// record first, then one element per part record.
/// </summary>
public interface IRawCheckpointAccess
{
    /// <summary>Gets a value indicating whether the records are one append-only blob (a file) rather than separate records.</summary>
    bool IsSingleBlob { get; }

    Task<List<byte[]>> ReadAsync(CheckpointKey key);

    Task WriteAsync(CheckpointKey key, IReadOnlyList<byte[]> records);
}
