namespace ResumableUpload;

/// <summary>What <see cref="ResumableUploader.SweepIncompleteUploadsAsync"/> did, or on a dry run would do, to each incomplete upload old enough.</summary>
public sealed record SweepResult
{
    /// <summary>Gets a value indicating whether this was a dry run (nothing was aborted).</summary>
    public required bool DryRun { get; init; }

    /// <summary>Gets the cut-off: uploads initiated at or before it were old enough to sweep.</summary>
    public required DateTimeOffset Cutoff { get; init; }

    /// <summary>Gets the uploads aborted or, on a dry run, that would be aborted, in listing order.</summary>
    public required IReadOnlyList<PendingUpload> Aborted { get; init; }

    /// <summary>Gets the uploads that were gone when their abort arrived (finished or aborted by someone else meanwhile).</summary>
    public required IReadOnlyList<PendingUpload> AlreadyGone { get; init; }

    /// <summary>Gets the uploads left alone because a checkpoint in the uploader's store records them (an upload that can still resume).</summary>
    public required IReadOnlyList<PendingUpload> Protected { get; init; }

    /// <summary>Gets the uploads whose abort failed; the sweep went on with the others.</summary>
    public required IReadOnlyList<SweepFailure> Failures { get; init; }
}
