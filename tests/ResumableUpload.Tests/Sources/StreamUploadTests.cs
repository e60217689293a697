using ResumableUpload.Testing;
using ResumableUpload.TestSupport;
using ResumableUpload.Tests.Pipeline;

namespace ResumableUpload.Tests.Sources;

/// <summary>
/// Forward-only streams (<see cref="StreamSource"/>) through the engine: the edges (empty, one part, a part boundary),
/// the replay grades (interrupted, changed at part 7, shorter, longer, another stream), the end-of-stream guards and a
/// slow producer. Parts are 100 KiB; the in-memory target verifies every part and the object.
/// </summary>
public sealed class StreamUploadTests : IDisposable
{
    private const int Part = (int)UploaderFixture.PartSize;
    private static readonly ObjectLocation Object = new("b", "stream.bin");
    private readonly UploaderFixture f = new();

    public void Dispose() => f.Dispose();

    [Fact]
    public async Task UploadAsync_ZeroLengthStream_PutsAnEmptyObject()
    {
        var result = await f.Uploader().UploadAsync(Request(new ProducerStream([])));

        Assert.Equal(0, result.Length);
        Assert.Equal([], f.Target.GetObject(Object)!);
        Assert.Equal(0, f.Target.InitiatedUploads);
    }

    [Fact]
    public async Task UploadAsync_StreamSmallerThanAPart_SendsOnePut()
    {
        var bytes = TestData.RandomBytes(Part - 1, seed: 2);

        var result = await f.Uploader().UploadAsync(Request(new ProducerStream(bytes)));

        Assert.Equal(1, result.PartCount);
        Assert.Equal(bytes, f.Target.GetObject(Object));
        Assert.Equal(0, f.Target.InitiatedUploads);
    }

    [Fact]
    public async Task UploadAsync_StreamEndingOnAPartBoundary_SendsNoEmptyPart()
    {
        var bytes = TestData.RandomBytes(3 * Part, seed: 3);

        var result = await f.Uploader().UploadAsync(Request(new ProducerStream(bytes)));

        Assert.Equal(3, result.PartCount);
        Assert.Equal([1, 2, 3], f.Target.PartAttempts.Keys.Order());
        Assert.Equal(bytes, f.Target.GetObject(Object));
        Assert.Equal(0, f.CheckpointFiles);
    }

    [Fact]
    public async Task UploadAsync_ReplayAfterAFailure_VerifiesTheDonePartsAndSendsOnlyTheRest()
    {
        var bytes = TestData.RandomBytes((10 * Part) + 500, seed: 4);
        await FailAtPartAsync(bytes, 8);

        var result = await f.Uploader(UploaderFixture.FastOptions(threads: 1)).UploadAsync(Request(new ProducerStream(bytes)));

        Assert.Equal(7, result.ResumedParts);
        Assert.Equal(7L * Part, result.ResumedBytes);
        Assert.All(Enumerable.Range(1, 7), n => Assert.Equal(1, f.Target.PartAttempts[n]));
        Assert.Equal(bytes, f.Target.GetObject(Object));
        Assert.Empty(f.Target.PendingUploadIds);
    }

    [Fact]
    public async Task UploadAsync_ReplayWithPart7Changed_ObjectIsTheNewStream()
    {
        var old = TestData.RandomBytes((12 * Part) + 10, seed: 5);
        await FailAtPartAsync(old, 10);
        var changed = (byte[])old.Clone();
        changed[(6 * Part) + 99] ^= 0xFF;

        var result = await f.Uploader().UploadAsync(Request(new ProducerStream(changed)));

        Assert.Equal(6, result.ResumedParts);
        Assert.Equal(changed, f.Target.GetObject(Object));
        Assert.Equal(2, f.Target.PartAttempts[7]);
        Assert.Equal(2, f.Target.PartAttempts[9]); // recorded, but after the first difference: sent again
    }

    [Fact]
    public async Task UploadAsync_ReplayShorterThanTheOldStream_ObjectIsTheNewStream()
    {
        var old = TestData.RandomBytes(12 * Part, seed: 6);
        await FailAtPartAsync(old, 10);
        var shorter = old.AsSpan(0, (5 * Part) + 1234).ToArray();

        var result = await f.Uploader().UploadAsync(Request(new ProducerStream(shorter)));

        Assert.Equal(5, result.ResumedParts);
        Assert.Equal(6, result.PartCount);
        Assert.Equal(shorter, f.Target.GetObject(Object));
    }

    [Fact]
    public async Task UploadAsync_ReplayLongerThanTheOldStream_ObjectIsTheNewStream()
    {
        var old = TestData.RandomBytes((4 * Part) + 77, seed: 7);
        var first = await f.Uploader().UploadAsync(Request(new ProducerStream(old), completeAtEnd: false));
        Assert.False(first.Completed);
        byte[] longer = [.. old, .. TestData.RandomBytes(3 * Part, seed: 8)];

        var result = await f.Uploader().UploadAsync(Request(new ProducerStream(longer)));

        Assert.Equal(4, result.ResumedParts);
        Assert.Equal(8, result.PartCount);
        Assert.Equal(longer, f.Target.GetObject(Object));
    }

    [Fact]
    public async Task UploadAsync_AnotherStreamFromItsFirstPart_AbortsTheOldUploadAndStartsFresh()
    {
        await FailAtPartAsync(TestData.RandomBytes(6 * Part, seed: 9), 4);
        var oldUpload = Assert.Single(f.Target.PendingUploadIds);
        var other = TestData.RandomBytes(6 * Part, seed: 10);

        var result = await f.Uploader().UploadAsync(Request(new ProducerStream(other)));

        Assert.Equal(0, result.ResumedParts);
        Assert.NotEqual(oldUpload, result.UploadId);
        Assert.Empty(f.Target.PendingUploadIds);
        Assert.Equal(other, f.Target.GetObject(Object));
    }

    [Fact]
    public async Task UploadAsync_StreamNamed_DoesNotReplayAnotherNamesCheckpoint()
    {
        var bytes = TestData.RandomBytes(6 * Part, seed: 11);
        await FailAtPartAsync(bytes, 4);

        var result = await f.Uploader().UploadAsync(Request(new ProducerStream(bytes), name: "other"));

        Assert.Equal(0, result.ResumedParts);
        Assert.Equal(1, f.CheckpointFiles); // the unnamed stream's checkpoint stays for its own replay
    }

    [Fact]
    public async Task UploadAsync_StreamEndsBeforeTheExpectedLength_DoesNotCompleteAndStaysResumable()
    {
        var bytes = TestData.RandomBytes(5 * Part, seed: 12);
        var truncated = bytes.AsSpan(0, (3 * Part) + 10).ToArray();

        var ex = await Assert.ThrowsAsync<SourceChangedException>(() => f.Uploader().UploadAsync(Request(new ProducerStream(truncated), expectedLength: bytes.Length)));

        Assert.Contains($"not the {bytes.Length} expected", ex.Message, StringComparison.Ordinal);
        Assert.Null(f.Target.GetObject(Object));
        Assert.Equal(1, f.CheckpointFiles);
        var result = await f.Uploader().UploadAsync(Request(new ProducerStream(bytes), expectedLength: bytes.Length));
        Assert.Equal(3, result.ResumedParts);
        Assert.Equal(bytes, f.Target.GetObject(Object));
    }

    [Fact]
    public async Task UploadAsync_CompleteAtEndOff_SendsEverythingAndAReplayCompletesWithoutSending()
    {
        var bytes = TestData.RandomBytes((3 * Part) + 1, seed: 13);
        var sent = await f.Uploader().UploadAsync(Request(new ProducerStream(bytes), completeAtEnd: false));
        Assert.False(sent.Completed);
        Assert.Null(f.Target.GetObject(Object));
        var requests = f.Target.PartAttempts.Values.Sum();

        var result = await f.Uploader().UploadAsync(Request(new ProducerStream(bytes)));

        Assert.True(result.Completed);
        Assert.Equal(4, result.ResumedParts);
        Assert.Equal(requests, f.Target.PartAttempts.Values.Sum());
        Assert.Equal(bytes, f.Target.GetObject(Object));
    }

    [Fact]
    public async Task UploadAsync_ProducerStallsInsideAPart_NoRequestIsOpenWhileItWaits()
    {
        var bytes = TestData.RandomBytes(5 * Part, seed: 14);
        var producer = new ProducerStream(bytes, stallAt: (2 * Part) + 300);
        var upload = f.Uploader().UploadAsync(Request(producer));
        await producer.Stalled.WaitAsync(TimeSpan.FromSeconds(30));
        await WaitUntilAsync(() => f.Target.PartAttempts.Count == 2 && f.Target.PartsInFlight == 0);

        // A part is sent only once all its bytes are in memory: nothing waits on the producer with a request open.
        Assert.False(f.Target.PartAttempts.ContainsKey(3));
        producer.Resume();
        await upload;
        Assert.Equal(bytes, f.Target.GetObject(Object));
    }

    [Fact]
    public async Task UploadAsync_StreamWithoutAHint_ReportsAnUnknownTotalUntilTheEnd()
    {
        var bytes = TestData.RandomBytes((3 * Part) + 5, seed: 15);
        var progress = new RecordingProgress();

        await f.Uploader().UploadAsync(Request(new ProducerStream(bytes), progress: progress));

        var reports = progress.Reports;
        Assert.Equal(-1, reports[0].TotalBytes);
        Assert.False(reports[0].IsTotalKnown);
        Assert.Equal(bytes.Length, reports[^1].TotalBytes);
        Assert.Equal(bytes.Length, reports[^1].TransferredBytes);
        Assert.Equal(4, reports[^1].TotalParts);
        Assert.True(reports.Zip(reports.Skip(1)).All(p => p.Second.TransferredBytes >= p.First.TransferredBytes));
    }

    private async Task FailAtPartAsync(byte[] bytes, int partNumber)
    {
        // One part in flight at a time, so every part before the failing one is recorded.
        f.Target.Faults.FailPart(partNumber, times: 1, TargetErrorKind.AccessDenied);
        await Assert.ThrowsAsync<TargetException>(() => f.Uploader(UploaderFixture.FastOptions(threads: 1)).UploadAsync(Request(new ProducerStream(bytes))));
        Assert.Equal(1, f.CheckpointFiles);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!condition())
        {
            await Task.Delay(10, timeout.Token);
        }
    }

    private static UploadRequest Request(Stream stream, string? name = null, long? expectedLength = null, bool completeAtEnd = true, IProgress<UploadProgress>? progress = null) => new()
    {
        Source = new StreamSource(stream) { Name = name, ExpectedLength = expectedLength, CompleteAtEnd = completeAtEnd },
        Bucket = Object.Bucket,
        Key = Object.Key,
        Progress = progress,
    };
}
