namespace ResumableUpload;

/// <summary>
/// A stored checkpoint cannot be trusted: it fails its checksum, is truncated inside its header, or has a schema
/// version this library does not read. Stores throw it from <see cref="ICheckpointLease.LoadAsync"/>; the uploader
/// catches it, logs the reason, aborts the old upload and starts fresh.
/// </summary>
public sealed class CheckpointCorruptException : ResumableUploadException
{
    /// <summary>Initializes a new instance of the <see cref="CheckpointCorruptException"/> class.</summary>
    public CheckpointCorruptException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CheckpointCorruptException"/> class.</summary>
    /// <param name="message">The reason, in words a log reader understands.</param>
    public CheckpointCorruptException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CheckpointCorruptException"/> class.</summary>
    /// <param name="message">The reason.</param>
    /// <param name="innerException">The cause.</param>
    public CheckpointCorruptException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
