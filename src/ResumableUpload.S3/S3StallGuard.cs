namespace ResumableUpload.S3;

/// <summary>
/// Fails one lean UploadPart or PutObject that stops moving: a token that fires when neither a slice of the body has
/// been handed to the connection nor the answer has arrived for <see cref="S3TargetOptions.NetworkTimeout"/>. A slow
/// part that keeps moving is never cut, whatever its size; a server that stops reading (a full Ceph cluster blocks its
/// writes and so every body) or never answers is given up on, as a transient "Timeout" that the uploader retries.
/// </summary>
internal sealed class S3StallGuard : IDisposable
{
    private readonly CancellationTokenSource source;
    private readonly CancellationToken caller;

    public S3StallGuard(TimeSpan timeout, CancellationToken caller)
    {
        Timeout = timeout;
        this.caller = caller;
        source = CancellationTokenSource.CreateLinkedTokenSource(caller);
        source.CancelAfter(timeout);
    }

    /// <summary>Gets how long the request may stand still.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Gets the token to send with: the caller's, or the stall.</summary>
    public CancellationToken Token => source.Token;

    /// <summary>Gets a value indicating whether the guard, not the caller, cancelled the request.</summary>
    public bool Stalled => source.IsCancellationRequested && !caller.IsCancellationRequested;

    /// <summary>Starts the wait again: a slice of the body moved.</summary>
    public void Moved()
    {
        if (!source.IsCancellationRequested)
        {
            source.CancelAfter(Timeout);
        }
    }

    /// <summary>Gives the exception for a request the guard cancelled.</summary>
    public TimeoutException Exception(Exception inner)
        => new($"nothing was sent or received for {Timeout.TotalSeconds:0.###} s (S3TargetOptions.NetworkTimeout; rupload's --network-timeout): the server stopped reading the body or did not answer", inner);

    public void Dispose() => source.Dispose();
}
