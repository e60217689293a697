using ResumableUpload.Shared;
using Xunit;

namespace ResumableUpload.Targets.Tests;

/// <summary>
/// <see cref="ResumableUploader"/> against a real server: a 64 MiB file in 5 MiB parts with file checkpoints,
/// cancelled after a few parts and resumed as a new uploader would (a new process), or resumed from a damaged
/// checkpoint. Subclasses give the server.
/// </summary>
public abstract class ResumableUploaderEndToEndTests : IAsyncLifetime, IDisposable
{
    private const long PartSize = 5L << 20;
    private const long FileLength = (64L << 20) + 123_457; // 13 parts, the last one short

    private readonly string work = Directory.CreateTempSubdirectory("rupload-e2e-").FullName;
    private IMultipartTarget? target;
    private string? bucket;

    /// <summary>Gets the CRC the uploads use.</summary>
    protected abstract ChecksumAlgorithm Algorithm { get; }

    private IMultipartTarget Target => target!;

    private string Source => Path.Combine(work, "source.bin");

    private string CheckpointDirectory => Path.Combine(work, "checkpoints");

    public async Task InitializeAsync()
    {
        target = CreateTarget();
        bucket = await CreateBucketAsync();
        Directory.CreateDirectory(CheckpointDirectory);
        WriteSource();
    }

    public Task DisposeAsync()
    {
        (target as IDisposable)?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => Directory.Delete(work, recursive: true);

    [Fact]
    public async Task UploadAsync_CancelledMidwayThenResumed_ObjectMatchesSourceAndNoUploadRemains()
    {
        var request = Request("resume");
        var oldUploadId = await StartAndCancelAsync(request, afterParts: 4);
        var onServer = await ListPartsAsync(request.Location, oldUploadId);
        Assert.True(onServer.Count >= 4, $"the server holds {onServer.Count} parts after the cancel");

        var result = await NewUploader().UploadAsync(request);

        Assert.Equal(oldUploadId, result.UploadId);
        Assert.True(result.ResumedParts >= 4, $"resumed {result.ResumedParts} parts");
        Assert.Equal(13, result.PartCount);
        Assert.Equal(PartSize, result.PartSize);
        await AssertUploadedAsync(request, result);
    }

    [Fact]
    public async Task UploadAsync_CheckpointCorrupted_AbortsOldUploadAndUploadsFresh()
    {
        var request = Request("corrupt");
        var oldUploadId = await StartAndCancelAsync(request, afterParts: 3);
        var checkpoints = Directory.GetFiles(CheckpointDirectory, "*.ckpt");
        Assert.Single(checkpoints);
        await using (var file = new FileStream(checkpoints[0], FileMode.Open, FileAccess.Write))
        {
            await file.WriteAsync(Enumerable.Repeat((byte)0xA5, 64).ToArray());
        }

        var result = await NewUploader().UploadAsync(request);

        Assert.NotEqual(oldUploadId, result.UploadId);
        Assert.Equal(0, result.ResumedParts);
        await AssertUploadedAsync(request, result);
        var error = await Assert.ThrowsAsync<TargetException>(() => ListPartsAsync(request.Location, oldUploadId));
        Assert.Equal(TargetErrorKind.UploadNotFound, error.Kind);
    }

    protected abstract IMultipartTarget CreateTarget();

    protected abstract Task<string> CreateBucketAsync();

    protected abstract Task<byte[]?> TryReadObjectAsync(ObjectLocation location);

    private static ulong Crc(ChecksumAlgorithm algorithm, ReadOnlySpan<byte> bytes) => CrcParameters.Compute(algorithm, bytes);

    private UploadRequest Request(string name, IProgress<UploadProgress>? progress = null) => new()
    {
        SourcePath = Source,
        Bucket = bucket!,
        Key = $"e2e/{name}/{Guid.NewGuid():N}.bin",
        Properties = new ObjectProperties { ContentType = "application/x-rupload-e2e" },
        Progress = progress,
    };

    private ResumableUploader NewUploader() => new(
        Target,
        new FileCheckpointStore(new FileCheckpointStoreOptions { Directory = CheckpointDirectory }),
        new UploadOptions { PartSize = PartSize, PartsInFlight = 3, Checksum = Algorithm, ContentMd5 = true });

    /// <summary>Uploads until <paramref name="afterParts"/> parts are recorded, cancels, and returns the upload id the server holds.</summary>
    private async Task<string> StartAndCancelAsync(UploadRequest request, int afterParts)
    {
        using var cancel = new CancellationTokenSource();
        var progress = new SynchronousProgress(p =>
        {
            if (p.CompletedParts >= afterParts)
            {
                cancel.Cancel();
            }
        });
        var first = new UploadRequest { SourcePath = request.SourcePath, Bucket = request.Bucket, Key = request.Key, Properties = request.Properties, Progress = progress };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => NewUploader().UploadAsync(first, cancel.Token));

        var pending = Assert.Single(await ListUploadsAsync(request.Location));
        Assert.Single(Directory.GetFiles(CheckpointDirectory, "*.ckpt"));
        return pending.UploadId;
    }

    private async Task AssertUploadedAsync(UploadRequest request, UploadResult result)
    {
        var expected = await File.ReadAllBytesAsync(Source);
        var actual = await TryReadObjectAsync(request.Location) ?? throw new Xunit.Sdk.XunitException("the object does not exist");
        Assert.Equal(expected.Length, actual.Length);
        Assert.True(expected.AsSpan().SequenceEqual(actual), "the object's bytes differ from the source");
        Assert.Equal(Crc(Algorithm, expected), result.Crc);
        Assert.Equal(FileLength, result.Length);
        Assert.Empty(await ListUploadsAsync(request.Location));
        Assert.Empty(Directory.GetFiles(CheckpointDirectory, "*.ckpt"));
    }

    private void WriteSource()
    {
        var random = new Random(42);
        var buffer = new byte[1 << 20];
        using var file = File.Create(Source);
        for (long written = 0; written < FileLength; written += buffer.Length)
        {
            random.NextBytes(buffer);
            file.Write(buffer, 0, (int)Math.Min(buffer.Length, FileLength - written));
        }
    }

    private async Task<List<PendingUpload>> ListUploadsAsync(ObjectLocation location)
    {
        var uploads = new List<PendingUpload>();
        await foreach (var upload in Target.ListUploadsAsync(location.Bucket, location.Key))
        {
            if (upload.Location == location)
            {
                uploads.Add(upload);
            }
        }

        return uploads;
    }

    private async Task<List<UploadedPart>> ListPartsAsync(ObjectLocation location, string uploadId)
    {
        var parts = new List<UploadedPart>();
        await foreach (var part in Target.ListPartsAsync(location, uploadId))
        {
            parts.Add(part);
        }

        return parts;
    }

    /// <summary>Reports on the reporting thread, so a cancel happens before the next part is recorded (unlike <see cref="Progress{T}"/>).</summary>
    private sealed class SynchronousProgress(Action<UploadProgress> report) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value) => report(value);
    }
}
