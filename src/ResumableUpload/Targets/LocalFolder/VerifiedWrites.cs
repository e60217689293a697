using System.Buffers;
using System.IO.Hashing;
using System.Security.Cryptography;
using ResumableUpload.Hashing;

namespace ResumableUpload.Targets.LocalFolder;

/// <summary>Writes a part's bytes to a file while checking them against the length and checksums it arrived with.</summary>
internal static class VerifiedWrites
{
    private const int BufferSize = 1 << 20;

    /// <summary>Writes the part to a new file at <paramref name="path"/>.</summary>
    /// <returns>The CRC of the bytes written, in <paramref name="algorithm"/>.</returns>
    public static Task<ulong> WriteNewFileAsync(PartUploadRequest request, ChecksumAlgorithm algorithm, string path, CancellationToken cancellationToken)
        => WriteAsync(request, algorithm, () => new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous), cancellationToken);

    /// <summary>Writes the part to the stream <paramref name="openOutput"/> opens, at its position.</summary>
    /// <returns>The CRC of the bytes written, in <paramref name="algorithm"/>.</returns>
    /// <exception cref="TargetException">The bytes do not match the request, or the file system failed.</exception>
    public static async Task<ulong> WriteAsync(PartUploadRequest request, ChecksumAlgorithm algorithm, Func<FileStream> openOutput, CancellationToken cancellationToken)
    {
        var crc = Crc.CreateIncremental(algorithm);
        using var md5 = request.Checksums.Md5.IsEmpty ? null : IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        long written = 0;
        try
        {
            var content = request.OpenContent();
            await using (content.ConfigureAwait(false))
            {
                var output = openOutput();
                await using (output.ConfigureAwait(false))
                {
                    // A buffered part arrives as a MemoryStream over the uploader's pooled array (or metered slices of
                    // it): copied into the checking sink, its bytes are hashed and written where they are.
                    using var sink = new CheckingSink(output, crc, md5);
                    await content.CopyToAsync(sink, BufferSize, cancellationToken).ConfigureAwait(false);
                    written = sink.Written;
                }
            }
        }
        catch (IOException ex)
        {
            throw FileSystemErrors.Map(ex);
        }

        return Check(request, algorithm, written, crc, md5);
    }

    /// <summary>Compares what was written with what the request declared: its length, its CRC and its Content-MD5.</summary>
    /// <returns>The CRC of the bytes written, in <paramref name="algorithm"/>.</returns>
    /// <exception cref="TargetException">The bytes do not match the request.</exception>
    public static ulong Check(PartUploadRequest request, ChecksumAlgorithm algorithm, long written, NonCryptographicHashAlgorithm crc, IncrementalHash? md5)
    {
        if (written != request.Length)
        {
            throw new TargetException(TargetErrorKind.Permanent, "IncompleteBody", $"Part {request.PartNumber} declared {request.Length} bytes but carried {written}.");
        }

        var actual = Crc.GetCurrentValue(crc);
        if (request.Checksums.Algorithm == algorithm && request.Checksums.Crc != actual)
        {
            throw new TargetException(TargetErrorKind.ChecksumMismatch, "BadDigest", $"Part {request.PartNumber}: the CRC sent ({request.Checksums.Crc:x16}) does not match the bytes received ({actual:x16}).");
        }

        if (md5 is not null && !md5.GetHashAndReset().AsSpan().SequenceEqual(request.Checksums.Md5.Span))
        {
            throw new TargetException(TargetErrorKind.ChecksumMismatch, "BadDigest", $"Part {request.PartNumber}: the Content-MD5 does not match the bytes received.");
        }

        return actual;
    }

    /// <summary>Whether the file at <paramref name="path"/> has exactly <paramref name="length"/> bytes whose CRC is <paramref name="crc"/>.</summary>
    public static async Task<bool> HoldsAsync(string path, long length, ChecksumAlgorithm algorithm, ulong crc, CancellationToken cancellationToken)
    {
        if (!File.Exists(path) || new FileInfo(path).Length != length)
        {
            return false;
        }

        var hash = Crc.CreateIncremental(algorithm);
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            var input = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
            await using (input.ConfigureAwait(false))
            {
                int read;
                while ((read = await input.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                {
                    hash.Append(buffer.AsSpan(0, read));
                }
            }
        }
        catch (IOException ex)
        {
            throw FileSystemErrors.Map(ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return Crc.GetCurrentValue(hash) == crc;
    }
}
