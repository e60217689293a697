namespace ResumableUpload;

/// <summary>What <see cref="ResumableUploader.AbortBatchAsync"/> removed.</summary>
public sealed record BatchAbortResult
{
    /// <summary>Gets the batch records deleted (0 when the batch had none: it finished, or never recorded a file).</summary>
    public required int BatchCheckpointsDeleted { get; init; }

    /// <summary>Gets the objects whose interrupted uploads were aborted and whose checkpoints were deleted.</summary>
    public required IReadOnlyList<ObjectLocation> AbortedUploads { get; init; }
}
