namespace ResumableUpload.Pipeline;

/// <summary>
/// Counts an upload's bytes and parts and reports them. Parts are counted only by the committer (a single writer),
/// after the store has recorded them, so transferred bytes and parts are monotonic and never pass the total, whatever
/// retries happen before. Bytes in flight come from the metered streams of the parts being sent (<see cref="PartFlow"/>),
/// on any thread; the sent figure is their high-water mark with the transferred bytes, capped at the total, so it
/// never goes backwards either. A commit is always reported; a move in flight at most once per
/// <paramref name="inFlightInterval"/>. For a stream the total is its hint (raised as the stream passes it) or
/// unknown (-1), and the parts are counted as they come.
/// </summary>
internal sealed class ProgressTracker(IProgress<UploadProgress>? receiver, long totalBytes, int totalParts, TimeProvider? time = null, TimeSpan inFlightInterval = default)
{
    /// <summary>The least time between two reports of bytes in flight, by default.</summary>
    public static readonly TimeSpan DefaultInFlightInterval = TimeSpan.FromMilliseconds(100);

    private readonly bool open = totalBytes < 0 || totalParts == 0;
    private readonly TimeProvider clock = time ?? TimeProvider.System;
    private readonly Lock gate = new();
    private long transferredBytes;
    private int completedParts;
    private long resumedBytes;
    private long inFlightBytes;
    private long sentBytes;
    private long lastReport;

    /// <summary>Starts counting one part's bytes in flight; commit it with <see cref="PartDone"/> or dispose it.</summary>
    public PartFlow StartPart() => new(this);

    public void Resumed(long bytes, int parts)
    {
        lock (gate)
        {
            resumedBytes += bytes;
            transferredBytes += bytes;
            completedParts += parts;
        }
    }

    /// <summary>A part is recorded: its bytes move from in flight (<paramref name="flow"/>, if it was metered) to transferred.</summary>
    public void PartDone(long bytes, PartFlow? flow = null)
    {
        lock (gate)
        {
            inFlightBytes -= flow?.Take() ?? 0;
            if (open)
            {
                transferredBytes += bytes;
                completedParts++;
                totalBytes = totalBytes < 0 ? totalBytes : Math.Max(totalBytes, transferredBytes);
            }
            else
            {
                transferredBytes = Math.Min(totalBytes, transferredBytes + bytes);
                completedParts = Math.Min(totalParts, completedParts + 1);
            }

            ReportLocked();
        }
    }

    /// <summary>A replayed stream's part that matched the checkpoint: counted as resumed, not sent.</summary>
    public void PartVerified(long bytes)
    {
        lock (gate)
        {
            resumedBytes += bytes;
        }

        PartDone(bytes);
    }

    /// <summary>A stream's end: the total becomes the length read.</summary>
    public void Ended(long length, int parts)
    {
        lock (gate)
        {
            totalBytes = length;
            totalParts = parts;
            ReportLocked();
        }
    }

    public void Report()
    {
        lock (gate)
        {
            ReportLocked();
        }
    }

    /// <summary>Bytes in flight moved by <paramref name="bytes"/> (less when an attempt is dropped).</summary>
    internal void InFlight(long bytes)
    {
        if (bytes == 0)
        {
            return;
        }

        lock (gate)
        {
            inFlightBytes += bytes;
            if (bytes > 0 && receiver is not null && clock.GetElapsedTime(lastReport) >= inFlightInterval)
            {
                ReportLocked();
            }
        }
    }

    private void ReportLocked()
    {
        var reach = transferredBytes + Math.Max(0, inFlightBytes);
        sentBytes = Math.Max(sentBytes, totalBytes >= 0 ? Math.Min(totalBytes, reach) : reach);
        lastReport = clock.GetTimestamp();
        receiver?.Report(new UploadProgress(transferredBytes, totalBytes, completedParts, totalParts, resumedBytes)
        {
            InFlightBytes = Math.Max(0, inFlightBytes),
            SentBytes = sentBytes,
        });
    }
}
