using Orleans.Runtime;

namespace ResumableUpload.Orleans.Worker;

/// <summary>
/// A worker's calls to the job grain that record or renew: when the grain's silo has just died, the call fails until
/// the cluster declares the silo dead and the grain re-activates elsewhere from its persisted state. A part already
/// stored at the target must then be recorded late rather than given up (giving up returns the item to the pool and
/// another worker sends the part again), so these calls are tried again, for at most <see cref="Patience"/>.
/// </summary>
internal static class GrainCalls
{
    /// <summary>How long a record waits for the job grain to come back (membership declares a dead silo in seconds).</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan Pause = TimeSpan.FromSeconds(1);

    public static async Task<T> UntilReachableAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                return await call().WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (IsUnreachable(ex) && DateTime.UtcNow < deadline && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(Pause, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static bool IsUnreachable(Exception ex)
        => ex is SiloUnavailableException or OrleansMessageRejectionException or TimeoutException;
}
