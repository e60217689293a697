namespace ResumableUpload;

/// <summary>
/// Another process (or another uploader in this one) holds the lease on the checkpoint of this upload,
/// or held it and took it over after this one's lease expired.
/// </summary>
public sealed class CheckpointLockedException : ResumableUploadException
{
    /// <summary>Initializes a new instance of the <see cref="CheckpointLockedException"/> class.</summary>
    public CheckpointLockedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CheckpointLockedException"/> class.</summary>
    /// <param name="message">The message.</param>
    public CheckpointLockedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="CheckpointLockedException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public CheckpointLockedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
