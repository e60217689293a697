namespace ResumableUpload;

/// <summary>What a batch does when one of its files fails.</summary>
public enum BatchFailurePolicy
{
    /// <summary>Go on with the other files; every failure is reported in its <see cref="UploadOutcome"/>.</summary>
    Continue,

    /// <summary>Start no new file after the first failure and stop the files in flight (their checkpoints are kept).</summary>
    StopOnFirstFailure,
}
