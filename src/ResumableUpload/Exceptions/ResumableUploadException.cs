namespace ResumableUpload;

/// <summary>The base of the exceptions this library throws for conditions a caller may want to catch.</summary>
/// <remarks><see cref="OperationCanceledException"/> is never wrapped in one of these.</remarks>
public class ResumableUploadException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ResumableUploadException"/> class.</summary>
    public ResumableUploadException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ResumableUploadException"/> class.</summary>
    /// <param name="message">The message.</param>
    public ResumableUploadException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ResumableUploadException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public ResumableUploadException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
