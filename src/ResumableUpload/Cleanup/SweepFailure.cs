namespace ResumableUpload;

/// <summary>An incomplete upload that a sweep could not abort.</summary>
/// <param name="Upload">The upload.</param>
/// <param name="Error">The target's error (after retries), with its code, kind and request id.</param>
public sealed record SweepFailure(PendingUpload Upload, TargetException Error);
