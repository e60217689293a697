using System.Buffers.Binary;

namespace ResumableUpload;

/// <summary>The checksums of one part (or of a small object sent in one request).</summary>
/// <param name="Algorithm">The CRC algorithm of <paramref name="Crc"/>.</param>
/// <param name="Crc">The CRC value (CRC-32C values use the low 32 bits).</param>
/// <param name="Md5">The 16-byte MD5 digest, or empty when Content-MD5 is off.</param>
public readonly record struct PartChecksums(ChecksumAlgorithm Algorithm, ulong Crc, ReadOnlyMemory<byte> Md5)
{
    /// <summary>Gets the CRC as S3 wants it: base64 of the big-endian bytes.</summary>
    public string CrcBase64 => ToBase64(Algorithm, Crc);

    /// <summary>
    /// Gets the 32-byte SHA-256 digest of the part, computed in the same pass as the CRC when the target asks for it
    /// (<see cref="TargetCapabilities.WantsPayloadSha256"/>), or empty.
    /// </summary>
    public ReadOnlyMemory<byte> Sha256 { get; init; }

    /// <summary>Gets the MD5 as base64 (the <c>Content-MD5</c> header), or <see langword="null"/>.</summary>
    public string? Md5Base64 => Md5.IsEmpty ? null : Convert.ToBase64String(Md5.Span);

    /// <summary>Formats a CRC as base64 of its big-endian bytes.</summary>
    /// <param name="algorithm">The algorithm, which gives the width.</param>
    /// <param name="crc">The CRC value.</param>
    /// <returns>The base64 text.</returns>
    public static string ToBase64(ChecksumAlgorithm algorithm, ulong crc)
    {
        Span<byte> bytes = stackalloc byte[8];
        if (algorithm == ChecksumAlgorithm.Crc32C)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)crc);
            return Convert.ToBase64String(bytes[..4]);
        }

        BinaryPrimitives.WriteUInt64BigEndian(bytes, crc);
        return Convert.ToBase64String(bytes);
    }

    /// <summary>Parses base64 of big-endian CRC bytes.</summary>
    /// <param name="algorithm">The algorithm, which gives the width.</param>
    /// <param name="base64">The base64 text.</param>
    /// <param name="crc">The value.</param>
    /// <returns><see langword="true"/> when the text is well formed for the width.</returns>
    public static bool TryParseBase64(ChecksumAlgorithm algorithm, string? base64, out ulong crc)
    {
        crc = 0;
        Span<byte> bytes = stackalloc byte[8];
        if (base64 is null || !Convert.TryFromBase64String(base64, bytes, out var written))
        {
            return false;
        }

        if (algorithm == ChecksumAlgorithm.Crc32C)
        {
            if (written != 4)
            {
                return false;
            }

            crc = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            return true;
        }

        if (written != 8)
        {
            return false;
        }

        crc = BinaryPrimitives.ReadUInt64BigEndian(bytes);
        return true;
    }
}
