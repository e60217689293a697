namespace ResumableUpload;

/// <summary>One finished part in a checkpoint's ledger.</summary>
/// <param name="PartNumber">The part number, from 1.</param>
/// <param name="Offset">The offset of the part in the source, in bytes.</param>
/// <param name="Length">The part length in bytes.</param>
/// <param name="ETag">The tag the target returned for the part.</param>
/// <param name="Crc">The part's CRC in the checkpoint's algorithm.</param>
/// <param name="Md5Base64">The part's MD5 as base64, or <see langword="null"/> when Content-MD5 is off.</param>
public readonly record struct PartRecord(int PartNumber, long Offset, long Length, string ETag, ulong Crc, string? Md5Base64 = null);
