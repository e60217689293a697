using System.Collections.Concurrent;
using Amazon.S3;
using Amazon.S3.Model;
using ResumableUpload.S3;
using Xunit;

namespace ResumableUpload.Targets.Tests.Sources;

/// <summary>
/// <see cref="HttpRangeSource"/> copying an RGW object (presigned URL) to RGW: cancelled after a few parts, then resumed;
/// the copy is byte-identical and the resumed run fetched no byte before the first part not done. A handler in the
/// source's HttpClient observes every request (it changes nothing).
/// </summary>
public sealed class HttpRangeSourceTests : IAsyncLifetime
{
    private const long PartSize = 5L << 20;
    private readonly ConcurrentQueue<string> ranges = new();
    private readonly string checkpoints = Directory.CreateTempSubdirectory("rupload-http-e2e-").FullName;
    private S3MultipartTarget? s3;
    private string? bucket;

    public async Task InitializeAsync()
    {
        s3 = RgwStore.CreateTarget();
        bucket = await RgwStore.CreateBucketAsync(s3);
    }

    public Task DisposeAsync()
    {
        s3?.Dispose();
        Directory.Delete(checkpoints, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task UploadAsync_HttpSourceCancelledThenResumed_ByteIdenticalAndNothingBeforeTheResumePointFetchedAgain()
    {
        var bytes = new byte[(5 * PartSize) + 4321];
        new Random(5).NextBytes(bytes);
        await s3!.Client.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = "source.bin", InputStream = new MemoryStream(bytes) });
        var url = new Uri(await s3.Client.GetPreSignedURLAsync(new GetPreSignedUrlRequest { BucketName = bucket, Key = "source.bin", Verb = HttpVerb.GET, Protocol = Protocol.HTTP, Expires = DateTime.UtcNow.AddHours(1) }));
        using var http = new HttpClient(new ObservingHandler(ranges));
        var destination = new ObjectLocation(bucket!, "copy.bin");
        using (var cancel = new CancellationTokenSource())
        {
            var progress = new SynchronousProgress(p =>
            {
                if (p.CompletedParts >= 2)
                {
                    cancel.Cancel();
                }
            });
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Uploader().UploadAsync(Request(url, http, destination, progress), cancel.Token));
        }

        // Done: recorded in the checkpoint and held by the server (a part sent but not recorded is sent again).
        var checkpoint = Assert.Single(await ListAsync(new FileCheckpointStore(checkpoints).ListAsync())).Checkpoint!;
        var onServer = (await ListAsync(s3.ListPartsAsync(destination, checkpoint.Header.UploadId))).Select(p => p.PartNumber).ToHashSet();
        var done = checkpoint.Parts.Select(p => p.PartNumber).Where(onServer.Contains).ToHashSet();
        var firstNotDone = Enumerable.Range(1, 6).First(n => !done.Contains(n));
        ranges.Clear();

        var result = await Uploader().UploadAsync(Request(url, http, destination, progress: null));

        Assert.Equal(done.Count, result.ResumedParts);
        var copy = await RgwStore.TryReadAsync(s3.Client, destination) ?? [];
        Assert.True(bytes.AsSpan().SequenceEqual(copy), "the copy differs from the source");
        var requested = ranges.ToList();
        Assert.Equal("bytes=-1", requested[0]); // length and version, from the last byte
        var starts = requested.Skip(1).Select(r => long.Parse(r["bytes=".Length..r.IndexOf('-', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal((firstNotDone - 1) * PartSize, starts[0]);
        Assert.All(starts, start => Assert.DoesNotContain((int)(start / PartSize) + 1, done));
    }

    private static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private static UploadRequest Request(Uri url, HttpClient http, ObjectLocation destination, IProgress<UploadProgress>? progress) => new()
    {
        Source = new HttpRangeSource(url, http),
        Bucket = destination.Bucket,
        Key = destination.Key,
        Progress = progress,
    };

    private ResumableUploader Uploader() => new(s3!, new FileCheckpointStore(checkpoints), new UploadOptions { PartSize = PartSize, PartsInFlight = 3 });

    /// <summary>Records the Range of every request it passes on; it answers nothing itself.</summary>
    private sealed class ObservingHandler(ConcurrentQueue<string> ranges) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ranges.Enqueue(request.Headers.Range?.ToString() ?? "none");
            return base.SendAsync(request, cancellationToken);
        }
    }

    private sealed class SynchronousProgress(Action<UploadProgress> report) : IProgress<UploadProgress>
    {
        public void Report(UploadProgress value) => report(value);
    }
}
