using System.Diagnostics;
using System.Threading.RateLimiting;

namespace ResumableUpload.Engine;

/// <summary>
/// The one bandwidth cap of a transfer engine (<see cref="UploadOptions.MaxBytesPerSecond"/>): a token bucket of one
/// token per byte that every part and single put of every upload of the uploader draws from, concurrent calls
/// included. Its burst is a quarter second of bytes, so the rate holds over a fraction of a second.
/// It is refilled by its own timer, which adds every period that has passed since the last refill: the limiter's
/// automatic refill adds the time passed but caps it at the bucket, so a timer tick later than the bucket lasts (routine
/// on a loaded machine) loses tokens.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Lives as long as its engine, which is never disposed; the refill timer holds it weakly and stops when it is collected.")]
internal sealed class BandwidthLimit
{
    /// <summary>How often the bucket is refilled: often enough that a refill is a small fraction of a second's bytes.</summary>
    private const int RefillsPerSecond = 20;

    private static readonly TimeSpan Period = TimeSpan.FromSeconds(1.0 / RefillsPerSecond);
    private readonly TokenBucketRateLimiter limiter;
    private readonly Lock refillGate = new();
    private readonly Timer refillTimer;
    private long lastRefill = Stopwatch.GetTimestamp();
    private long acquired;

    public BandwidthLimit(long bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bytesPerSecond, 1);
        BytesPerSecond = bytesPerSecond;
        var perRefill = (int)Math.Clamp(bytesPerSecond / RefillsPerSecond, 1, int.MaxValue);

        // A slow cap gets smaller slices, so that one slice is not many seconds of its bytes (a quarter second, at least 1 KiB).
        SliceSize = (int)Math.Clamp(bytesPerSecond / 4, 1024, MeteredStream.MaxSliceSize);

        // The bucket holds a quarter second of bytes (at least one refill and one slice): with one slice only, tokens
        // overflowed whenever the readers were not queued at the instant of a refill (thread-pool delays on a loaded
        // machine) and the achieved rate fell to 0.57-0.75 of the cap (benchmarks/results/e2e-bandwidth.md).
        var burst = (int)Math.Min(int.MaxValue, Math.Max(Math.Max(perRefill, SliceSize), bytesPerSecond / 4));
        limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = perRefill,
            ReplenishmentPeriod = Period,
            AutoReplenishment = false,
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });

        // A weak reference, so the timer does not keep the limit alive: when the engine goes, the timer is collected and stops.
        refillTimer = new Timer(static state => (((WeakReference<BandwidthLimit>)state!).TryGetTarget(out var limit) ? limit : null)?.Refill(), new WeakReference<BandwidthLimit>(this), Period, Period);
    }

    /// <summary>Gets the cap.</summary>
    public long BytesPerSecond { get; }

    /// <summary>Gets the most bytes a metered stream reads or writes before it takes tokens for them.</summary>
    public int SliceSize { get; }

    /// <summary>Gets the limiter itself (one per engine, shared by every upload).</summary>
    public RateLimiter Limiter => limiter;

    /// <summary>Gets the tokens (bytes) taken so far: exactly the bytes every metered stream of the engine moved.</summary>
    public long TokensAcquired => Interlocked.Read(ref acquired);

    /// <summary>Waits for <paramref name="bytes"/> tokens (at most <see cref="SliceSize"/>).</summary>
    public async ValueTask AcquireAsync(int bytes, CancellationToken cancellationToken)
    {
        if (bytes <= 0)
        {
            return;
        }

        using var lease = await limiter.AcquireAsync(bytes, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            // The queue is unbounded and no request exceeds the bucket, so the limiter has no reason to refuse.
            throw new InvalidOperationException($"The bandwidth limiter refused {bytes} tokens.");
        }

        Interlocked.Add(ref acquired, bytes);
    }

    /// <summary>Adds one refill per period passed since the last (at most a second's worth); each wakes the waiters it can serve.</summary>
    private void Refill()
    {
        lock (refillGate)
        {
            var due = Math.Min(Stopwatch.GetElapsedTime(lastRefill).Ticks / Period.Ticks, RefillsPerSecond);
            for (var i = 0; i < due; i++)
            {
                limiter.TryReplenish();
            }

            // Catch-up past a second is dropped: after a long stall the cap does not turn into a burst.
            lastRefill = due < RefillsPerSecond ? lastRefill + (due * Period.Ticks * Stopwatch.Frequency / TimeSpan.TicksPerSecond) : Stopwatch.GetTimestamp();
        }
    }

    /// <summary>Waits for tokens on a thread that must block (a synchronous read).</summary>
    public void Acquire(int bytes)
    {
        var pending = AcquireAsync(bytes, CancellationToken.None);
        if (!pending.IsCompletedSuccessfully)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }
}
