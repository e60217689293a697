using ResumableUpload.Batch;

namespace ResumableUpload;

/// <summary>
/// A batch's record in a checkpoint store, as <see cref="ICheckpointStore.ListAsync"/> returns it among the per-file
/// checkpoints: the files an unfinished batch has done (a rerun skips them). It is not an upload: its header's upload
/// id is a marker no target issues, so tools that list checkpoints tell the two apart with <see cref="IsBatch"/>.
/// </summary>
public sealed record BatchCheckpoint
{
    private const string SourcePrefix = "batch:";

    /// <summary>Gets the batch's name (<see cref="BatchOptions.BatchId"/>).</summary>
    public required string BatchId { get; init; }

    /// <summary>Gets the identity of the target the batch uploads to.</summary>
    public required string TargetIdentity { get; init; }

    /// <summary>Gets the bucket and key prefix of a directory batch (both empty for <see cref="ResumableUploader.UploadManyAsync"/>).</summary>
    public required ObjectLocation Destination { get; init; }

    /// <summary>Gets the number of files recorded as done.</summary>
    public required int FilesDone { get; init; }

    /// <summary>Gets the bytes of the files recorded as done.</summary>
    public required long BytesDone { get; init; }

    /// <summary>Gets when the batch's first run started.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Tells whether a checkpoint header is a batch's record rather than a file's upload.</summary>
    /// <param name="header">The header.</param>
    /// <returns><see langword="true"/> for a batch's record.</returns>
    public static bool IsBatch(CheckpointHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        return string.Equals(header.UploadId, BatchLedger.Marker, StringComparison.Ordinal);
    }

    /// <summary>Reads a batch's record from a checkpoint.</summary>
    /// <param name="checkpoint">A checkpoint from the store.</param>
    /// <returns>The batch, or <see langword="null"/> when the checkpoint is a file's upload.</returns>
    public static BatchCheckpoint? From(UploadCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var header = checkpoint.Header;
        if (!IsBatch(header))
        {
            return null;
        }

        var path = header.Source.Path;
        return new BatchCheckpoint
        {
            BatchId = path.StartsWith(SourcePrefix, StringComparison.Ordinal) ? path[SourcePrefix.Length..] : path,
            TargetIdentity = header.TargetIdentity,
            Destination = header.Location,
            FilesDone = checkpoint.Parts.Count,
            BytesDone = checkpoint.CompletedBytes,
            CreatedAt = header.CreatedAt,
        };
    }
}
