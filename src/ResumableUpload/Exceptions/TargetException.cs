namespace ResumableUpload;

/// <summary>
/// A request to the object store failed. Keeps the server's error code, message and request id, as the OSS SDK's
/// outcome does, and says whether the uploader may retry it.
/// </summary>
public sealed class TargetException : ResumableUploadException
{
    /// <summary>Initializes a new instance of the <see cref="TargetException"/> class.</summary>
    public TargetException()
    {
        ErrorCode = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="TargetException"/> class.</summary>
    /// <param name="message">The message.</param>
    public TargetException(string message)
        : base(message)
    {
        ErrorCode = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="TargetException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public TargetException(string message, Exception? innerException)
        : base(message, innerException)
    {
        ErrorCode = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="TargetException"/> class.</summary>
    /// <param name="kind">What the error means to the uploader.</param>
    /// <param name="errorCode">The server's error code, for example <c>NoSuchUpload</c>.</param>
    /// <param name="message">The server's message (never containing credentials).</param>
    /// <param name="requestId">The server's request id, if it gave one.</param>
    /// <param name="statusCode">The HTTP status code, if there was a response.</param>
    /// <param name="innerException">The cause.</param>
    public TargetException(TargetErrorKind kind, string errorCode, string message, string? requestId = null, int? statusCode = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
        ErrorCode = errorCode ?? string.Empty;
        RequestId = requestId;
        StatusCode = statusCode;
    }

    /// <summary>Gets what the error means to the uploader.</summary>
    public TargetErrorKind Kind { get; }

    /// <summary>Gets the server's error code, or an empty string.</summary>
    public string ErrorCode { get; }

    /// <summary>Gets the server's request id, if any.</summary>
    public string? RequestId { get; }

    /// <summary>Gets the HTTP status code, if any.</summary>
    public int? StatusCode { get; }

    /// <summary>Gets a value indicating whether retrying the same request may succeed.</summary>
    public bool IsTransient => Kind == TargetErrorKind.Transient;

    /// <summary>
    /// Gets a value indicating whether the error is in the set-up, not in the transfer: missing or refused credentials,
    /// a bucket or container that does not exist, an endpoint that is not this kind of server or where nothing answers.
    /// Neither a retry nor running the upload again helps until the set-up is fixed; the message names the fix.
    /// </summary>
    public bool IsConfigurationError => Kind is TargetErrorKind.MissingCredentials or TargetErrorKind.AccessDenied or TargetErrorKind.BucketNotFound
        or TargetErrorKind.NotAnObjectStore or TargetErrorKind.Unreachable;
}
