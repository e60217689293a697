using ResumableUpload.Orleans.Planning;

namespace ResumableUpload.Orleans.Grains;

/// <summary>
/// Everything a job grain persists (DECISIONS 30: the one source of truth for the job's part records): the plan, the
/// upload ids, the leases with their epochs and every recorded part. Written before any call that relies on it returns.
/// </summary>
[GenerateSerializer]
internal sealed class JobState
{
    [Id(0)] public JobSpec? Spec { get; set; }

    [Id(1)] public UploadJobState State { get; set; }

    [Id(2)] public List<FileProgress> Files { get; set; } = [];

    [Id(3)] public List<WorkItem> Items { get; set; } = [];

    [Id(4)] public DateTimeOffset SubmittedAt { get; set; }

    [Id(5)] public DateTimeOffset? FinishedAt { get; set; }

    [Id(6)] public string TargetIdentity { get; set; } = string.Empty;

    [Id(7)] public ChecksumAlgorithm Algorithm { get; set; }
}

/// <summary>One file's progress. <see cref="PartCount"/> 0 means a single put by a worker; otherwise a multipart upload the grain owns.</summary>
[GenerateSerializer]
internal sealed class FileProgress
{
    [Id(0)] public long PartSize { get; set; }

    [Id(1)] public int PartCount { get; set; }

    /// <summary>Gets or sets the upload id, once initiated.</summary>
    [Id(2)] public string? UploadId { get; set; }

    /// <summary>Gets or sets whether an initiate was sent (recorded before it is: an intent without an id means an orphan may exist).</summary>
    [Id(3)] public bool Initiating { get; set; }

    /// <summary>Gets or sets whether a complete was sent (recorded before it is: an upload gone after that was completed).</summary>
    [Id(4)] public bool CompleteSent { get; set; }

    [Id(5)] public Dictionary<int, PartEntry> Parts { get; set; } = [];

    [Id(6)] public bool Done { get; set; }

    [Id(7)] public string? Error { get; set; }

    [Id(8)] public string? ETag { get; set; }

    public bool Finished => Done || Error is not null;

    public bool IsMultipart => PartCount > 0;
}

/// <summary>One recorded part of a multipart upload.</summary>
[GenerateSerializer]
[Immutable]
internal sealed record PartEntry(
    [property: Id(0)] int Number,
    [property: Id(1)] long Offset,
    [property: Id(2)] long Length,
    [property: Id(3)] string ETag,
    [property: Id(4)] ulong Crc)
{
    public PartRecord ToRecord() => new(Number, Offset, Length, ETag, Crc);

    public static PartEntry From(PartRecord record) => new(record.PartNumber, record.Offset, record.Length, record.ETag, record.Crc);
}

/// <summary>A unit of work leased to one worker at a time: some small files, or a range of parts of one file.</summary>
[GenerateSerializer]
internal sealed class WorkItem
{
    [Id(0)] public int Id { get; set; }

    /// <summary>Gets or sets the files: several for a group of small files, one for a part range.</summary>
    [Id(1)] public List<int> FileIndexes { get; set; } = [];

    /// <summary>Gets or sets the first part number of a part range (0 for a group of small files).</summary>
    [Id(2)] public int FirstPart { get; set; }

    [Id(3)] public int LastPart { get; set; }

    /// <summary>Gets or sets the lease epoch: raised at every lease, so a stale holder can neither record nor finish.</summary>
    [Id(4)] public long Epoch { get; set; }

    [Id(5)] public string? Holder { get; set; }

    [Id(6)] public DateTimeOffset LeaseUntil { get; set; }

    [Id(7)] public bool Done { get; set; }

    [Id(8)] public int Failures { get; set; }

    public bool IsPartRange => FirstPart > 0;
}
