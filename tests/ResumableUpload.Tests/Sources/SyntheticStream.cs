namespace ResumableUpload.Tests.Sources;

/// <summary>
/// A forward-only stream of <c>length</c> bytes made cheaply: a random block of a length that no part size divides,
/// repeated, so parts differ from one another without the cost of a random generator per byte.
/// </summary>
internal sealed class SyntheticStream(long length) : TestSupport.ForwardOnlyStream
{
    private static readonly byte[] Block = TestSupport.TestData.RandomBytes((1 << 20) + 7, seed: 12);
    private long position;

    /// <summary>The CRC of the whole stream, from the block's CRC combined with itself (cheap for a gigabyte).</summary>
    public static ulong Crc(ChecksumAlgorithm algorithm, long length)
    {
        var blockCrc = ResumableUpload.Hashing.Crc.Compute(algorithm, Block);
        var whole = length / Block.Length;
        var tail = (int)(length % Block.Length);
        ulong crc = 0;
        var any = false;
        for (long i = 0; i < whole; i++)
        {
            crc = any ? ResumableUpload.Hashing.Crc.Combine(algorithm, crc, blockCrc, Block.Length) : blockCrc;
            any = true;
        }

        var tailCrc = ResumableUpload.Hashing.Crc.Compute(algorithm, Block.AsSpan(0, tail));
        return !any ? tailCrc : tail == 0 ? crc : ResumableUpload.Hashing.Crc.Combine(algorithm, crc, tailCrc, tail);
    }

    /// <summary>The CRC of the whole stream, reading it once (to check <see cref="Crc"/> on a small length).</summary>
    public static ulong CrcByReading(ChecksumAlgorithm algorithm, long length)
    {
        var crc = ResumableUpload.Hashing.Crc.CreateIncremental(algorithm);
        using var stream = new SyntheticStream(length);
        var buffer = new byte[1 << 20];
        int n;
        while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            crc.Append(buffer.AsSpan(0, n));
        }

        return ResumableUpload.Hashing.Crc.GetCurrentValue(crc);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var n = (int)Math.Min(buffer.Length, length - position);
        var done = 0;
        while (done < n)
        {
            var at = (int)((position + done) % Block.Length);
            var chunk = Math.Min(n - done, Block.Length - at);
            Block.AsSpan(at, chunk).CopyTo(buffer[done..]);
            done += chunk;
        }

        position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));
}
