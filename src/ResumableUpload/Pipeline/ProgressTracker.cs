namespace ResumableUpload.Pipeline;

/// <summary>
/// Counts finished parts and reports them. Only the committer (a single writer) advances it, after the store has
/// recorded a part, so reports are monotonic and never pass the total, whatever retries happen before.
/// </summary>
internal sealed class ProgressTracker(IProgress<UploadProgress>? receiver, long totalBytes, int totalParts)
{
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
        transferredBytes = Math.Min(totalBytes, transferredBytes + bytes);
        completedParts = Math.Min(totalParts, completedParts + 1);
        Report();
    }

    public void Report() => receiver?.Report(new UploadProgress(transferredBytes, totalBytes, completedParts, totalParts, resumedBytes));
}
