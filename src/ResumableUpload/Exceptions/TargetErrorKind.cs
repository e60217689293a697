namespace ResumableUpload;

/// <summary>What a <see cref="TargetException"/> means to the uploader.</summary>
public enum TargetErrorKind
{
    /// <summary>An error that retrying cannot fix and that has no more specific kind.</summary>
    Permanent = 0,

    /// <summary>A throttle, a 5xx, a reset connection or a timeout: worth retrying.</summary>
    Transient = 1,

    /// <summary>The multipart upload does not exist (any more): the uploader starts fresh.</summary>
    UploadNotFound = 2,

    /// <summary>The bucket or container does not exist.</summary>
    BucketNotFound = 3,

    /// <summary>The credentials are missing, wrong, or lack the permission.</summary>
    AccessDenied = 4,

    /// <summary>The content did not match the checksum sent with it.</summary>
    ChecksumMismatch = 5,

    /// <summary>A part other than the last is smaller than the target allows.</summary>
    PartTooSmall = 6,

    /// <summary>A part named at complete was not uploaded or its ETag differs.</summary>
    InvalidPart = 7,

    /// <summary>The request itself is invalid for this target (for example a key escaping a local root).</summary>
    InvalidRequest = 8,

    /// <summary>The target could not be reached at all (connection refused, name not resolved).</summary>
    Unreachable = 9,

    /// <summary>No credentials were found: the SDK's credential chain came back empty, so no request was sent.</summary>
    MissingCredentials = 10,

    /// <summary>
    /// Something answered at the endpoint, but not as this kind of object store would: an HTML page, a success status
    /// where an error was due, or a response without the service's request id or upload id.
    /// </summary>
    NotAnObjectStore = 11,
}
