using System.Security.Cryptography;

namespace ResumableUpload.Hashing;

/// <summary>Computes the checksums of a part held in memory.</summary>
internal static class PartHasher
{
    // Small enough to stay in L2 between the CRC and the hashes that follow it over the same bytes.
    private const int Slice = 64 * 1024;

    // MD5 here is Content-MD5, an integrity check the server asks for, not a security measure.
#pragma warning disable CA5351
    public static PartChecksums Compute(ChecksumAlgorithm algorithm, bool contentMd5, ReadOnlySpan<byte> data)
    {
        var crc = Crc.Compute(algorithm, data);
        return new PartChecksums(algorithm, crc, contentMd5 ? MD5.HashData(data) : ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>
    /// Computes the checksums and, when <paramref name="sha256"/> is set (<see cref="TargetCapabilities.WantsPayloadSha256"/>),
    /// the SHA-256 of a part held in memory, in one pass: slice by slice, so each slice is hashed while it is in the CPU cache.
    /// </summary>
    public static PartChecksums Compute(ChecksumAlgorithm algorithm, bool contentMd5, bool sha256, ReadOnlySpan<byte> data)
    {
        if (!sha256)
        {
            return Compute(algorithm, contentMd5, data);
        }

        var crc = Crc.CreateIncremental(algorithm);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var md5 = contentMd5 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
        for (var at = 0; at < data.Length; at += Slice)
        {
            var slice = data.Slice(at, Math.Min(Slice, data.Length - at));
            crc.Append(slice);
            sha.AppendData(slice);
            md5?.AppendData(slice);
        }

        return new PartChecksums(algorithm, Crc.GetCurrentValue(crc), md5?.GetHashAndReset() ?? ReadOnlyMemory<byte>.Empty) { Sha256 = sha.GetHashAndReset() };
    }
#pragma warning restore CA5351

    /// <summary>Computes the checksums of a file region without holding it in memory (parts larger than the memory budget), reading synchronously.</summary>
    public static PartChecksums Compute(ChecksumAlgorithm algorithm, bool contentMd5, Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, long length, CancellationToken cancellationToken)
    {
        var crc = Crc.CreateIncremental(algorithm);
        using var md5 = contentMd5 ? IncrementalHash.CreateHash(HashAlgorithmName.MD5) : null;
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            var done = 0L;
            while (done < length)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var want = (int)Math.Min(buffer.Length, length - done);
                var read = RandomAccess.Read(file, buffer.AsSpan(0, want), offset + done);
                if (read == 0)
                {
                    throw new Pipeline.SourceEndedException(offset + done, offset + length);
                }

                crc.Append(buffer.AsSpan(0, read));
                md5?.AppendData(buffer, 0, read);
                done += read;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }

        return new PartChecksums(algorithm, Crc.GetCurrentValue(crc), md5?.GetHashAndReset() ?? ReadOnlyMemory<byte>.Empty);
    }

    /// <summary>
    /// Computes the checksums of a file region without holding it in memory (parts larger than the memory budget), on a
    /// pool thread: a read from a local file blocks its thread either way (on Linux, RandomAccess.ReadAsync runs the same
    /// read on the pool), so the loop is written once, in <see cref="Compute(ChecksumAlgorithm, bool, Microsoft.Win32.SafeHandles.SafeFileHandle, long, long, CancellationToken)"/>.
    /// </summary>
    public static Task<PartChecksums> ComputeAsync(ChecksumAlgorithm algorithm, bool contentMd5, Microsoft.Win32.SafeHandles.SafeFileHandle file, long offset, long length, CancellationToken cancellationToken)
        => Task.Run(() => Compute(algorithm, contentMd5, file, offset, length, cancellationToken), cancellationToken);
}
