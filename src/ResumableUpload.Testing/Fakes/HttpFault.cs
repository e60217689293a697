namespace ResumableUpload.Testing;

/// <summary>What an <see cref="HttpFaultInjector"/> does to a request it picks.</summary>
public enum HttpFault
{
    /// <summary>Answers 500 Internal Server Error without sending the request on.</summary>
    InternalServerError,

    /// <summary>Answers 503 Service Unavailable (S3's SlowDown, Azure's ServerBusy).</summary>
    ServiceUnavailable,

    /// <summary>Throws as a connection reset by the peer would.</summary>
    ConnectionReset,

    /// <summary>Never answers: waits until the client's timeout (or cancellation) gives up.</summary>
    Timeout,

    /// <summary>Waits <see cref="HttpFaultInjector.StallDelay"/>, then sends the request on: slow, but it succeeds.</summary>
    Stall,

    /// <summary>Answers 403 AccessDenied (a permanent error).</summary>
    Forbidden,

    /// <summary>Answers 404 NoSuchUpload / BlobNotFound (a permanent error).</summary>
    NotFound,

    /// <summary>Reads half the request's body (at most 1 MiB), then throws as a connection reset by the peer would.</summary>
    ResetMidBody,
}
