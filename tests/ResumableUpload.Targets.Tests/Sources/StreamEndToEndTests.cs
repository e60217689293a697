using Xunit;

namespace ResumableUpload.Targets.Tests.Sources;

/// <summary>
/// A forward-only stream against a real server: cancelled after a few parts, then replayed (the same producer run
/// again): the parts recorded are verified and not sent, and the object is byte-identical. Subclasses give the server.
/// </summary>
public abstract class StreamEndToEndTests : IAsyncLifetime, IDisposable
{
    private readonly string checkpoints = Directory.CreateTempSubdirectory("rupload-stream-e2e-").FullName;
    private IMultipartTarget? target;
    private string? bucket;

    /// <summary>Gets the part size: the server's minimum, so the stream stays small.</summary>
    protected abstract long PartSize { get; }

    private long StreamLength => (4 * PartSize) + 123_457;

    public async Task InitializeAsync()
    {
        target = CreateTarget();
        bucket = await CreateBucketAsync();
    }

    public Task DisposeAsync()
    {
        (target as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => Directory.Delete(checkpoints, recursive: true);

    [Fact]
    public async Task UploadAsync_StreamCancelledThenReplayed_VerifiesRecordedPartsAndObjectIsByteIdentical()
    {
        var bytes = new byte[StreamLength];
        new Random(77).NextBytes(bytes);
        var location = new ObjectLocation(bucket!, $"stream/{Guid.NewGuid():N}.bin");
        using (var cancel = new CancellationTokenSource())
        {
            var progress = new SynchronousProgress(p =>
            {
                if (p.CompletedParts >= 2)
                {
                    cancel.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Uploader().UploadAsync(Request(bytes, location, progress), cancel.Token));
        }

        var result = await Uploader().UploadAsync(Request(bytes, location, progress: null));

        Assert.InRange(result.ResumedParts, 2, 5);
        Assert.Equal(5, result.PartCount);
        var stored = await TryReadObjectAsync(location) ?? [];
        Assert.True(bytes.AsSpan().SequenceEqual(stored), "the object's bytes differ from the stream");
        Assert.Empty(Directory.GetFiles(checkpoints, "*.ckpt"));
    }

    protected abstract IMultipartTarget CreateTarget();

    protected abstract Task<string> CreateBucketAsync();

    protected abstract Task<byte[]?> TryReadObjectAsync(ObjectLocation location);

    private static UploadRequest Request(byte[] bytes, ObjectLocation location, IProgress<UploadProgress>? progress) => new()
    {
        Source = new StreamSource(new ForwardOnly(bytes)) { Name = "e2e" },
        Bucket = location.Bucket,
        Key = location.Key,
        Progress = progress,
    };

    private ResumableUploader Uploader() => new(target!, new FileCheckpointStore(checkpoints), new UploadOptions { PartSize = PartSize, PartsInFlight = 3 });

    /// <summary>The bytes as a pipe gives them: forward only, 64 KiB at most per read.</summary>
    private sealed class ForwardOnly(byte[] bytes) : TestSupport.ForwardOnlyStream
    {
        private int position;

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = Math.Min(Math.Min(count, 65536), bytes.Length - position);
            Array.Copy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }
    }

    private sealed class SynchronousProgress(Action<UploadProgress> report) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value) => report(value);
    }
}
