namespace ResumableUpload;

/// <summary>
/// A forward-only stream of unknown length: stdin, a pipe, a response body. Each part is read into memory (under the
/// uploader's one memory budget), held until it is sent and retried from there; nothing is spooled to disk. Without a
/// <see cref="LengthHint"/> the part size starts at <see cref="UploadOptions.PartSize"/> and grows on a schedule
/// recorded in the checkpoint, so the target's largest object fits in its part count.
/// </summary>
/// <remarks>
/// Resume is by replay: after a failed or killed run, run the same producer again into a request with the same
/// object and <see cref="Name"/>. The stream is read from its start and each part hashed; a part whose CRC and length
/// match the checkpoint is not sent again. From the first part that differs everything is sent, and the object is
/// completed with exactly the new stream's parts, never a mix. When the first part differs, the old upload is aborted
/// and a fresh one supersedes it.
/// </remarks>
public sealed class StreamSource : UploadSource
{
    /// <summary>Initializes a new instance of the <see cref="StreamSource"/> class.</summary>
    /// <param name="stream">The stream, read once from its current position to its end; not disposed.</param>
    public StreamSource(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead)
        {
            throw new ArgumentException("The stream cannot be read.", nameof(stream));
        }

        Stream = stream;
    }

    /// <summary>Gets the stream.</summary>
    public Stream Stream { get; }

    /// <summary>Gets the expected length in bytes, if roughly known; parts are then sized as for a file of that length.</summary>
    /// <value>The default is <see langword="null"/>: unknown.</value>
    public long? LengthHint { get; init; }

    /// <summary>
    /// Gets the name that, with the target and the object, identifies this stream's checkpoint, so that two different
    /// streams to one object do not take each other for a replay.
    /// </summary>
    /// <value>The default is <see langword="null"/>: the object alone names it.</value>
    public string? Name { get; init; }

    /// <summary>
    /// Gets the exact length the stream must have: if it ends at another length the object is not completed and
    /// <see cref="SourceChangedException"/> is thrown; the checkpoint stays, so a replay resumes.
    /// </summary>
    /// <value>The default is <see langword="null"/>: any length.</value>
    public long? ExpectedLength { get; init; }

    /// <summary>
    /// Gets a value indicating whether reaching the end of the stream completes the object. Set it to
    /// <see langword="false"/> when the end of the stream does not prove the producer succeeded (a pipe closes the
    /// same way when its writer dies): every part is sent and recorded, nothing is completed
    /// (<see cref="UploadResult.Completed"/> is <see langword="false"/>), and a replay with this set completes.
    /// </summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool CompleteAtEnd { get; init; } = true;

    internal override string CheckpointId => "stream:" + Name;
}
