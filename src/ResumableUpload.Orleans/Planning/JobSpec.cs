namespace ResumableUpload.Orleans.Planning;

/// <summary>One file of a job as the submitter saw it: where it goes and what identifies its content.</summary>
/// <param name="Path">The absolute path, the same on every worker (a shared file system).</param>
/// <param name="Bucket">The bucket or container.</param>
/// <param name="Key">The object key.</param>
/// <param name="Length">The length in bytes.</param>
/// <param name="LastWriteUtcTicks">The last-write time (UTC ticks).</param>
/// <param name="HeadLength">The length of the first part the fingerprint covers.</param>
/// <param name="HeadCrc">The CRC-64/NVME of the first <paramref name="HeadLength"/> bytes.</param>
/// <param name="ContentType">The object's Content-Type, or <see langword="null"/> for the target's default.</param>
[GenerateSerializer]
[Immutable]
internal sealed record FileSpec(
    [property: Id(0)] string Path,
    [property: Id(1)] string Bucket,
    [property: Id(2)] string Key,
    [property: Id(3)] long Length,
    [property: Id(4)] long LastWriteUtcTicks,
    [property: Id(5)] long HeadLength,
    [property: Id(6)] ulong HeadCrc,
    [property: Id(7)] string? ContentType = null)
{
    // Methods, not properties: grain storage serializers (Newtonsoft JSON by default for Redis) would store a property.
    public ObjectLocation ToLocation() => new(Bucket, Key);

    /// <summary>The object's properties the job carries (its Content-Type; metadata is refused at submission).</summary>
    public ObjectProperties ToProperties() => ContentType is null ? ObjectProperties.Empty : new ObjectProperties { ContentType = ContentType };
}

/// <summary>What a client submits: the files and how to cut the work.</summary>
[GenerateSerializer]
[Immutable]
internal sealed record JobSpec(
    [property: Id(0)] string JobId,
    [property: Id(1)] IReadOnlyList<FileSpec> Files,
    [property: Id(2)] TimeSpan LeaseDuration,
    [property: Id(3)] int PartsPerItem,
    [property: Id(4)] int FilesPerItem,
    [property: Id(5)] int MaxAttempts);
