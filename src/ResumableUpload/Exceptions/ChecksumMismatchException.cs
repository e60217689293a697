namespace ResumableUpload;

/// <summary>The whole-object checksum the target reports differs from the one combined from the parts.</summary>
public sealed class ChecksumMismatchException : ResumableUploadException
{
    /// <summary>Initializes a new instance of the <see cref="ChecksumMismatchException"/> class.</summary>
    public ChecksumMismatchException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChecksumMismatchException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ChecksumMismatchException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ChecksumMismatchException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ChecksumMismatchException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
