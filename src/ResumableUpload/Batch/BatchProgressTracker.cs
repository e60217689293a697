using System.Diagnostics;

namespace ResumableUpload.Batch;

/// <summary>
/// Counts a batch's files and bytes from many files at once (lock-free counters) and reports them at most once per
/// interval, plus once at the end. Bytes come from each file's own progress, so they move inside large files too.
/// </summary>
internal sealed class BatchProgressTracker(IProgress<BatchProgress>? receiver, TimeSpan interval)
{
    private readonly long started = Stopwatch.GetTimestamp();
    private readonly object reportGate = new();
    private long lastReport;
    private long found;
    private long uploaded;
    private long skipped;
    private long failed;
    private long bytesFound;
    private long bytesDone;
    private long bytesSent;
    private int listingComplete;

    public void Found(long length)
    {
        Interlocked.Increment(ref found);
        Interlocked.Add(ref bytesFound, Math.Max(0, length));
        Report(force: false);
    }

    public void ListingComplete()
    {
        Volatile.Write(ref listingComplete, 1);
        Report(force: false);
    }

    public void Skipped(long length)
    {
        Interlocked.Increment(ref skipped);
        Interlocked.Add(ref bytesDone, Math.Max(0, length));
        Report(force: false);
    }

    public void Uploaded(long unreportedBytes)
    {
        Interlocked.Increment(ref uploaded);
        Interlocked.Add(ref bytesDone, unreportedBytes);
        Interlocked.Add(ref bytesSent, unreportedBytes);
        Report(force: false);
    }

    public void Failed()
    {
        Interlocked.Increment(ref failed);
        Report(force: false);
    }

    /// <summary>A file's own progress moved: <paramref name="bytes"/> more are done, of which <paramref name="sent"/> were sent in this run.</summary>
    public void Moved(long bytes, long sent)
    {
        Interlocked.Add(ref bytesDone, bytes);
        Interlocked.Add(ref bytesSent, sent);
        Report(force: false);
    }

    /// <summary>The relay that turns one file's progress into batch bytes (and still tells the file's own receiver).</summary>
    public FileRelay ForFile(IProgress<UploadProgress>? own) => new(this, own);

    public void Report(bool force)
    {
        if (receiver is null)
        {
            return;
        }

        var now = Stopwatch.GetTimestamp();
        lock (reportGate)
        {
            if (!force && Stopwatch.GetElapsedTime(Volatile.Read(ref lastReport), now) < interval && lastReport != 0)
            {
                return;
            }

            lastReport = now;
            var elapsed = Stopwatch.GetElapsedTime(started, now);
            var sent = Interlocked.Read(ref bytesSent);
            receiver.Report(new BatchProgress(
                Interlocked.Read(ref found),
                Interlocked.Read(ref uploaded),
                Interlocked.Read(ref skipped),
                Interlocked.Read(ref failed),
                Volatile.Read(ref listingComplete) == 1,
                Interlocked.Read(ref bytesFound),
                Interlocked.Read(ref bytesDone),
                elapsed.TotalSeconds > 0 ? sent / elapsed.TotalSeconds : 0,
                elapsed));
        }
    }

    /// <summary>One file's progress receiver: forwards to the file's own and adds the change to the batch.</summary>
    internal sealed class FileRelay(BatchProgressTracker batch, IProgress<UploadProgress>? own) : IProgress<UploadProgress>
    {
        private long counted;
        private long countedSent;

        /// <summary>Gets the bytes of this file already added to the batch.</summary>
        public long Counted => Interlocked.Read(ref counted);

        public void Report(UploadProgress value)
        {
            own?.Report(value);
            var previous = Interlocked.Exchange(ref counted, value.TransferredBytes);
            var sent = Math.Max(0, value.TransferredBytes - value.ResumedBytes);
            var previousSent = Interlocked.Exchange(ref countedSent, sent);
            batch.Moved(value.TransferredBytes - previous, sent - previousSent);
        }

        /// <summary>The file finished: the bytes its progress did not report yet.</summary>
        public long Remaining(long length) => Math.Max(0, length - Counted);
    }
}
