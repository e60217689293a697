namespace ResumableUpload;

/// <summary>
/// The source file changed while it was being uploaded (its length, last-write time or content no longer match).
/// The object was not completed and the partial upload was aborted; running the upload again starts fresh.
/// </summary>
public sealed class SourceChangedException : ResumableUploadException
{
    /// <summary>Initializes a new instance of the <see cref="SourceChangedException"/> class.</summary>
    public SourceChangedException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SourceChangedException"/> class.</summary>
    /// <param name="message">The message.</param>
    public SourceChangedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="SourceChangedException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public SourceChangedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
