namespace ResumableUpload.Pipeline;

/// <summary>
/// Counts finished parts and reports them. Only the committer (a single writer) advances it, after the store has
/// recorded a part, so reports are monotonic and never pass the total, whatever retries happen before. For a stream
/// the total is its hint (raised as the stream passes it) or unknown (-1), and the parts are counted as they come.
/// </summary>
internal sealed class ProgressTracker(IProgress<UploadProgress>? receiver, long totalBytes, int totalParts)
{
    private readonly bool open = totalBytes < 0 || totalParts == 0;
    private long transferredBytes;
    private int completedParts;
    private long resumedBytes;

    public void Resumed(long bytes, int parts)
    {
        resumedBytes += bytes;
        transferredBytes += bytes;
        completedParts += parts;
    }

    public void PartDone(long bytes)
    {
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

        Report();
    }

    /// <summary>A replayed stream's part that matched the checkpoint: counted as resumed, not sent.</summary>
    public void PartVerified(long bytes)
    {
        resumedBytes += bytes;
        PartDone(bytes);
    }

    /// <summary>A stream's end: the total becomes the length read.</summary>
    public void Ended(long length, int parts)
    {
        totalBytes = length;
        totalParts = parts;
        Report();
    }

    public void Report() => receiver?.Report(new UploadProgress(transferredBytes, totalBytes, completedParts, totalParts, resumedBytes));
}
