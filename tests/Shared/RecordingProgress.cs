using System.Collections.Concurrent;

namespace ResumableUpload.TestSupport;

/// <summary>Keeps every progress report (synchronously, unlike Progress&lt;T&gt;), and optionally acts on one.</summary>
public sealed class RecordingProgress(Action<UploadProgress>? onReport = null) : IProgress<UploadProgress>
{
    private readonly ConcurrentQueue<UploadProgress> reports = new();

    public IReadOnlyList<UploadProgress> Reports => [.. reports];

    public void Report(UploadProgress value)
    {
        reports.Enqueue(value);
        onReport?.Invoke(value);
    }
}
