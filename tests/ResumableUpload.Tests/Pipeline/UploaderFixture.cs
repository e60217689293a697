using ResumableUpload.Testing;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Tests.Pipeline;

/// <summary>A temp folder, an in-memory target with faults and a file checkpoint store, ready to upload.</summary>
public sealed class UploaderFixture : IDisposable
{
    public const long PartSize = 100 * 1024;

    public UploaderFixture()
    {
        Checkpoints = Temp.SubDirectory("checkpoints");
        Store = new FileCheckpointStore(Checkpoints);
    }

    public TempDirectory Temp { get; } = new();

    public InMemoryMultipartTarget Target { get; } = new();

    public string Checkpoints { get; }

    public FileCheckpointStore Store { get; }

    public ListLoggerFactory Logs { get; } = new();

    public static UploadOptions FastOptions(int threads = 3) => new()
    {
        PartSize = PartSize,
        PartsInFlight = threads,
        Retry = new UploadRetryOptions { BaseDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) },
    };

    public ResumableUploader Uploader(UploadOptions? options = null, bool withStore = true)
        => new(Target, withStore ? Store : null, options ?? FastOptions(), Logs);

    public static UploadRequest Request(string path, string key = "obj.bin", IProgress<UploadProgress>? progress = null)
        => new() { SourcePath = path, Bucket = "b", Key = key, Progress = progress };

    public int CheckpointFiles => Directory.GetFiles(Checkpoints, "*.ckpt").Length;

    public void Dispose() => Temp.Dispose();
}
