namespace ResumableUpload.Pipeline;

/// <summary>
/// Internal: the source ended before a part did (the file was truncated while it was read). Thrown where only offsets
/// are known (the slicer, the hasher, a part's stream); the session, which knows the path, turns it into the public
/// <see cref="SourceChangedException"/> with <see cref="ToSourceChanged"/>. Never reaches the caller.
/// </summary>
internal sealed class SourceEndedException : ResumableUploadException
{
    public SourceEndedException(long endedAt, long partEnd)
        : base($"the source ended at byte {endedAt}, inside a part that should end at byte {partEnd}: the file was truncated during the upload")
    {
        EndedAt = endedAt;
        PartEnd = partEnd;
    }

    public SourceEndedException()
    {
    }

    public SourceEndedException(string message)
        : base(message)
    {
    }

    public SourceEndedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Gets the byte where the source ended.</summary>
    public long EndedAt { get; }

    /// <summary>Gets the byte where the part being read should have ended.</summary>
    public long PartEnd { get; }

    /// <summary>The public exception, naming the source.</summary>
    public SourceChangedException ToSourceChanged(string sourcePath)
        => new($"The source '{sourcePath}' changed during the upload ({Message}); the object was not completed. Run the upload again to send the new content.", this);
}
