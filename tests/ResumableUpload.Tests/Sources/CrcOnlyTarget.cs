using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using ResumableUpload.Hashing;

namespace ResumableUpload.Tests.Sources;

/// <summary>
/// A target that keeps only the length and CRC of each part (so a stream far larger than memory fits), checks what a
/// strict server checks at complete (consecutive parts from 1, the minimum part size, equal parts where required) and
/// reports the object's CRC combined from its parts.
/// </summary>
internal sealed class CrcOnlyTarget(TargetCapabilities capabilities) : IMultipartTarget
{
    private readonly ConcurrentDictionary<string, (ChecksumAlgorithm Algorithm, ConcurrentDictionary<int, (long Length, ulong Crc)> Parts)> uploads = new();

    public string Identity => "crc-only:";

    public TargetCapabilities Capabilities => capabilities;

    /// <summary>Gets the completed object's part lengths, in order.</summary>
    public List<long> CompletedPartLengths { get; } = [];

    public int PartRequests => partRequests;

    private int partRequests;

    public Task<string> InitiateAsync(ObjectLocation location, ObjectProperties properties, ChecksumAlgorithm algorithm, CancellationToken cancellationToken = default)
    {
        var id = Guid.NewGuid().ToString("N");
        uploads[id] = (algorithm, new());
        return Task.FromResult(id);
    }

    public async Task<UploadedPart> UploadPartAsync(PartUploadRequest request, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref partRequests);
        var upload = uploads[request.UploadId];
        await using var content = request.OpenContent();
        var crc = Crc.CreateIncremental(upload.Algorithm);
        using var sink = new global::ResumableUpload.Targets.LocalFolder.CheckingSink(Stream.Null, crc, md5: null);
        await content.CopyToAsync(sink, cancellationToken);
        var length = sink.Written;
        var value = Crc.GetCurrentValue(crc);
        Assert.Equal(request.Length, length);
        Assert.Equal(request.Checksums.Crc, value);
        upload.Parts[request.PartNumber] = (length, value);
        return new UploadedPart(request.PartNumber, length, value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
    }

    public async IAsyncEnumerable<UploadedPart> ListPartsAsync(ObjectLocation location, string uploadId, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        foreach (var (number, part) in uploads[uploadId].Parts.OrderBy(p => p.Key))
        {
            yield return new UploadedPart(number, part.Length, part.Crc.ToString("x16", System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    public Task<CompletedObject> CompleteAsync(ObjectLocation location, string uploadId, IReadOnlyList<PartRecord> parts, PartChecksums objectCrc, CancellationToken cancellationToken = default)
    {
        var upload = uploads[uploadId];
        ulong crc = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var stored = upload.Parts[parts[i].PartNumber];
            Assert.Equal(i + 1, parts[i].PartNumber);
            Assert.True(i == parts.Count - 1 || stored.Length >= capabilities.MinPartSize, $"part {i + 1} is too small");
            Assert.True(!capabilities.RequiresEqualParts || i == parts.Count - 1 || stored.Length == upload.Parts[1].Length, $"part {i + 1} is not equal to part 1");
            crc = i == 0 ? stored.Crc : Crc.Combine(upload.Algorithm, crc, stored.Crc, stored.Length);
            CompletedPartLengths.Add(stored.Length);
        }

        uploads.TryRemove(uploadId, out _);
        return Task.FromResult(new CompletedObject("crc-only", crc));
    }

    public Task AbortAsync(ObjectLocation location, string uploadId, CancellationToken cancellationToken = default)
    {
        uploads.TryRemove(uploadId, out _);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<PendingUpload> ListUploadsAsync(string bucket, string keyPrefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield break;
    }

    public Task<CompletedObject> PutAsync(ObjectLocation location, Stream content, long length, PartChecksums checksums, ObjectProperties properties, CancellationToken cancellationToken = default)
        => throw new NotSupportedException("The growth test sends parts.");
}
