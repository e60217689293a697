namespace ResumableUpload.Pipeline;

/// <summary>
/// One part's bytes in flight, across its attempts: what the target has read of the current attempt, counted in its
/// upload's <see cref="ProgressTracker"/> until the part is committed (they become transferred bytes) or given up
/// (disposed: they are dropped). A new attempt drops the last one's, so a retried part is never counted twice.
/// </summary>
internal sealed class PartFlow(ProgressTracker tracker) : IDisposable
{
    private long counted;

    /// <summary>A new attempt starts from the first byte: the last attempt's bytes no longer count.</summary>
    public void Restart() => tracker.InFlight(-Interlocked.Exchange(ref counted, 0));

    /// <summary>The target read <paramref name="bytes"/> more of this attempt.</summary>
    public void Add(long bytes)
    {
        if (bytes > 0)
        {
            Interlocked.Add(ref counted, bytes);
            tracker.InFlight(bytes);
        }
    }

    /// <summary>Takes the bytes counted in flight, for the commit that turns them into transferred bytes.</summary>
    public long Take() => Interlocked.Exchange(ref counted, 0);

    /// <summary>The part was given up (or committed): whatever is still counted in flight is dropped.</summary>
    public void Dispose() => Restart();
}
