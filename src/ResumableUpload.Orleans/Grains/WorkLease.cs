using ResumableUpload.Orleans.Planning;

namespace ResumableUpload.Orleans.Grains;

/// <summary>A work item handed to a worker, with what it needs to do it and nothing else: no bytes.</summary>
[GenerateSerializer]
[Immutable]
internal sealed record WorkLease(
    [property: Id(0)] string JobId,
    [property: Id(1)] int ItemId,
    [property: Id(2)] long Epoch,
    [property: Id(3)] IReadOnlyList<LeasedFile> Files);

/// <summary>One file of a leased item: a whole small file (<see cref="PartCount"/> 0), or parts of a multipart upload.</summary>
[GenerateSerializer]
[Immutable]
internal sealed record LeasedFile(
    [property: Id(0)] int FileIndex,
    [property: Id(1)] FileSpec Spec,
    [property: Id(2)] string? UploadId,
    [property: Id(3)] long PartSize,
    [property: Id(4)] int PartCount,
    [property: Id(5)] ChecksumAlgorithm Algorithm,
    [property: Id(6)] string TargetIdentity,
    [property: Id(7)] IReadOnlyList<int> PartsToSend);

/// <summary>What the job grain answers a record or finish with.</summary>
internal enum RecordOutcome
{
    /// <summary>Recorded (and persisted).</summary>
    Recorded = 0,

    /// <summary>The caller's epoch is not the item's: another worker holds it now.</summary>
    StaleEpoch = 1,

    /// <summary>The job is no longer running (aborted, or over).</summary>
    JobStopped = 2,
}
