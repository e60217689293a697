namespace ResumableUpload.Orleans;

/// <summary>A job's progress, or its result once <see cref="State"/> is no longer <see cref="UploadJobState.Running"/>.</summary>
[GenerateSerializer]
[Immutable]
public sealed record UploadJobStatus
{
    /// <summary>Gets the job's id.</summary>
    [Id(0)]
    public required string JobId { get; init; }

    /// <summary>Gets the job's state.</summary>
    [Id(1)]
    public required UploadJobState State { get; init; }

    /// <summary>Gets the number of files in the job.</summary>
    [Id(2)]
    public int FilesTotal { get; init; }

    /// <summary>Gets the number of objects completed.</summary>
    [Id(3)]
    public int FilesDone { get; init; }

    /// <summary>Gets the number of files that failed for good.</summary>
    [Id(4)]
    public int FilesFailed { get; init; }

    /// <summary>Gets the bytes of every file of the job.</summary>
    [Id(5)]
    public long BytesTotal { get; init; }

    /// <summary>Gets the bytes recorded: parts recorded by the job grain and whole files stored.</summary>
    [Id(6)]
    public long BytesDone { get; init; }

    /// <summary>Gets the number of parts of multipart objects recorded by the job grain.</summary>
    [Id(7)]
    public int PartsRecorded { get; init; }

    /// <summary>Gets one line per failed file: its path and why.</summary>
    [Id(8)]
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Gets when the job was first submitted.</summary>
    [Id(9)]
    public DateTimeOffset SubmittedAt { get; init; }

    /// <summary>Gets when the job ended, or <see langword="null"/> while it runs.</summary>
    [Id(10)]
    public DateTimeOffset? FinishedAt { get; init; }
}
