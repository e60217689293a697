namespace ResumableUpload;

/// <summary>
/// A stream of unknown length outgrew what the target allows: its next part would pass the target's part count at the
/// part sizes chosen (on targets that need equal parts, the configured part size). Nothing was completed and the
/// checkpoint is kept. Run again with a larger part size (<c>--part-size</c>) or a length hint (<c>--size-hint</c>,
/// <see cref="StreamSource.LengthHint"/>).
/// </summary>
public sealed class PartCountExceededException : ResumableUploadException
{
    /// <summary>Initializes a new instance of the <see cref="PartCountExceededException"/> class.</summary>
    public PartCountExceededException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PartCountExceededException"/> class.</summary>
    /// <param name="message">The message.</param>
    public PartCountExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PartCountExceededException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public PartCountExceededException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="PartCountExceededException"/> class.</summary>
    /// <param name="maxPartCount">The target's part count.</param>
    /// <param name="bytesSent">The bytes that fit: the stream was longer.</param>
    public PartCountExceededException(int maxPartCount, long bytesSent)
        : base($"The stream is longer than {bytesSent} bytes, which is all {maxPartCount} parts (the target's limit) hold at this part size; nothing was completed. Run again with a larger --part-size or a --size-hint near the stream's length.")
    {
        MaxPartCount = maxPartCount;
        BytesSent = bytesSent;
    }

    /// <summary>Gets the target's part count.</summary>
    public int MaxPartCount { get; }

    /// <summary>Gets the bytes that fit in that many parts.</summary>
    public long BytesSent { get; }
}
