using System.Collections.Concurrent;

namespace ResumableUpload.Testing;

/// <summary>
/// Decides which part requests of an <see cref="InMemoryMultipartTarget"/> fail, how, and how slowly they run:
/// what a real server cannot be asked to do on demand.
/// </summary>
public sealed class FaultInjector
{
    private readonly ConcurrentDictionary<int, (int Remaining, TargetErrorKind Kind)> planned = new();
    private readonly ConcurrentDictionary<int, (int Remaining, long AfterBytes)> cuts = new();
    private readonly object randomLock = new();
    private Random? random;
    private double fraction;
    private TargetErrorKind randomKind = TargetErrorKind.Transient;

    /// <summary>Gets or sets a delay applied to every part request before it is processed.</summary>
    public TimeSpan PartDelay { get; set; }

    /// <summary>Makes the next <paramref name="times"/> requests for part <paramref name="partNumber"/> fail.</summary>
    /// <param name="partNumber">The part.</param>
    /// <param name="times">How many requests fail; later ones succeed.</param>
    /// <param name="kind">The kind of error.</param>
    public void FailPart(int partNumber, int times, TargetErrorKind kind = TargetErrorKind.Transient)
        => planned[partNumber] = (times, kind);

    /// <summary>
    /// Makes the next <paramref name="times"/> requests for part <paramref name="partNumber"/> read the first
    /// <paramref name="afterBytes"/> bytes of the body and then fail as a connection reset would (transient): a
    /// retried part whose first attempt was partly sent.
    /// </summary>
    /// <param name="partNumber">The part.</param>
    /// <param name="times">How many requests are cut; later ones succeed.</param>
    /// <param name="afterBytes">The bytes read before the reset.</param>
    public void CutPartBody(int partNumber, int times, long afterBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(afterBytes);
        cuts[partNumber] = (times, afterBytes);
    }

    /// <summary>Makes a seeded random <paramref name="failureFraction"/> of part requests fail.</summary>
    /// <param name="failureFraction">From 0 to 1.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="kind">The kind of error.</param>
    public void FailRandomly(double failureFraction, int seed, TargetErrorKind kind = TargetErrorKind.Transient)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failureFraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(failureFraction, 1);
        lock (randomLock)
        {
            random = new Random(seed);
            fraction = failureFraction;
            randomKind = kind;
        }
    }

    /// <summary>Gets the number of faults injected so far.</summary>
    public int InjectedFaults => injected;

    private int injected;

    internal async Task ApplyAsync(int partNumber, CancellationToken cancellationToken)
    {
        if (PartDelay > TimeSpan.Zero)
        {
            await Task.Delay(PartDelay, cancellationToken).ConfigureAwait(false);
        }

        if (planned.TryGetValue(partNumber, out var plan) && plan.Remaining > 0)
        {
            planned[partNumber] = (plan.Remaining - 1, plan.Kind);
            Throw(plan.Kind, partNumber);
        }

        bool fail;
        lock (randomLock)
        {
            fail = random is not null && random.NextDouble() < fraction;
        }

        if (fail)
        {
            Throw(randomKind, partNumber);
        }
    }

    /// <summary>Reads the planned part of a cut request's body, then fails it; does nothing for a request not cut.</summary>
    internal async Task CutAsync(int partNumber, Func<Stream> openContent, CancellationToken cancellationToken)
    {
        if (!cuts.TryGetValue(partNumber, out var cut) || cut.Remaining <= 0)
        {
            return;
        }

        cuts[partNumber] = (cut.Remaining - 1, cut.AfterBytes);
        var content = openContent();
        await using (content.ConfigureAwait(false))
        {
            var buffer = new byte[64 * 1024];
            var left = cut.AfterBytes;
            int read;
            while (left > 0 && (read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, left)), cancellationToken).ConfigureAwait(false)) > 0)
            {
                left -= read;
            }
        }

        Interlocked.Increment(ref injected);
        throw new TargetException(TargetErrorKind.Transient, "ConnectionReset", $"Injected connection reset on part {partNumber} after {cut.AfterBytes} bytes.", "cut-" + partNumber, null);
    }

    private void Throw(TargetErrorKind kind, int partNumber)
    {
        Interlocked.Increment(ref injected);
        var (code, status) = kind switch
        {
            TargetErrorKind.Transient => ("ServiceUnavailable", 503),
            TargetErrorKind.AccessDenied => ("AccessDenied", 403),
            TargetErrorKind.UploadNotFound => ("NoSuchUpload", 404),
            TargetErrorKind.BucketNotFound => ("NoSuchBucket", 404),
            _ => ("InternalError", 400),
        };
        throw new TargetException(kind, code, $"Injected {code} on part {partNumber}.", "fault-" + partNumber, status);
    }
}
