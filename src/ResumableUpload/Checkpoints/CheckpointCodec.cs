using System.Buffers;
using System.Buffers.Binary;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using ResumableUpload.Checkpoints;

namespace ResumableUpload;

/// <summary>
/// The self-checksummed binary form of checkpoint records, shared by every store (and available to custom ones).
/// A record is <c>[magic u32][payload length u32][payload][CRC-32C u32 of all before]</c>, little-endian. The
/// header's payload is UTF-8 JSON that starts with its schema version; a part's payload is fixed binary fields.
/// </summary>
public static class CheckpointCodec
{
    /// <summary>
    /// The newest schema version this library writes; it reads every version up to it. Version 2 adds the part-size
    /// schedule of streams (<see cref="CheckpointHeader.PartSizeDoublingInterval"/>); headers without one are still
    /// written as version 1, so older readers keep reading file checkpoints.
    /// </summary>
    public const int SchemaVersion = 2;

    /// <summary>The bytes a record adds around its payload.</summary>
    public const int FrameOverhead = PayloadAt + CrcBytes;

    /// <summary>The largest ETag a part record holds, in UTF-8 bytes.</summary>
    public const int MaxETagBytes = 1024;

    /// <summary>The largest encoded part record.</summary>
    public const int MaxPartRecordLength = FrameOverhead + PartFixedBytes + MaxETagBytes + Md5Bytes;

    private const int MaxHeaderPayload = 1 << 20;
    private const uint HeaderMagic = 0x48435552; // "RUCH"
    private const uint PartMagic = 0x50435552; // "RUCP"

    // The frame: [magic u32][payload length u32][payload][CRC-32C u32 of all before].
    private const int MagicAt = 0;
    private const int PayloadLengthAt = 4;
    private const int PayloadAt = 8;
    private const int CrcBytes = 4;

    // A part's payload: [part number i32][offset i64][length i64][CRC u64][ETag length u16][ETag][MD5 length u8][MD5].
    private const int PartNumberAt = 0;
    private const int OffsetAt = 4;
    private const int LengthAt = 12;
    private const int PartCrcAt = 20;
    private const int ETagLengthAt = 28;
    private const int ETagAt = 30;
    private const int Md5LengthBytes = 1;
    private const int Md5Bytes = 16;
    private const int PartFixedBytes = ETagAt + Md5LengthBytes;

    /// <summary>Encodes a header record.</summary>
    /// <param name="header">The header.</param>
    /// <returns>The record bytes.</returns>
    public static byte[] EncodeHeader(CheckpointHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var json = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(json))
        {
            JsonSerializer.Serialize(writer, CheckpointHeaderJson.From(header), CheckpointHeaderJsonContext.Default.CheckpointHeaderJson);
        }

        return FrameHeaderPayload(json.WrittenSpan);
    }

    /// <summary>Decodes a header record, checking its frame, checksum and schema version.</summary>
    /// <param name="record">Exactly one record.</param>
    /// <returns>The header.</returns>
    /// <exception cref="CheckpointCorruptException">The record is damaged or of another schema.</exception>
    public static CheckpointHeader DecodeHeader(ReadOnlySpan<byte> record)
        => CheckpointHeaderJson.Parse(Unframe(record, HeaderMagic, "header"));

    /// <summary>Encodes a part record into <paramref name="destination"/>.</summary>
    /// <param name="part">The part.</param>
    /// <param name="destination">At least <see cref="MaxPartRecordLength"/> bytes.</param>
    /// <returns>The number of bytes written.</returns>
    public static int EncodePart(PartRecord part, Span<byte> destination)
    {
        var etag = part.ETag ?? string.Empty;
        var etagBytes = Encoding.UTF8.GetByteCount(etag);
        if (etagBytes > MaxETagBytes)
        {
            throw new ArgumentException($"The ETag is longer than {MaxETagBytes} bytes.", nameof(part));
        }

        Span<byte> md5 = stackalloc byte[Md5Bytes];
        var md5Length = 0;
        if (part.Md5Base64 is not null && (!Convert.TryFromBase64String(part.Md5Base64, md5, out md5Length) || md5Length != Md5Bytes))
        {
            throw new ArgumentException("The MD5 is not 16 bytes of base64.", nameof(part));
        }

        var payloadLength = PartFixedBytes + etagBytes + md5Length;
        var total = FrameOverhead + payloadLength;
        if (destination.Length < total)
        {
            throw new ArgumentException("The destination is too small.", nameof(destination));
        }

        var payload = destination.Slice(PayloadAt, payloadLength);
        BinaryPrimitives.WriteInt32LittleEndian(payload[PartNumberAt..], part.PartNumber);
        BinaryPrimitives.WriteInt64LittleEndian(payload[OffsetAt..], part.Offset);
        BinaryPrimitives.WriteInt64LittleEndian(payload[LengthAt..], part.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(payload[PartCrcAt..], part.Crc);
        BinaryPrimitives.WriteUInt16LittleEndian(payload[ETagLengthAt..], (ushort)etagBytes);
        Encoding.UTF8.GetBytes(etag, payload.Slice(ETagAt, etagBytes));
        var md5LengthAt = ETagAt + etagBytes;
        payload[md5LengthAt] = (byte)md5Length;
        md5[..md5Length].CopyTo(payload[(md5LengthAt + Md5LengthBytes)..]);
        WriteFrame(PartMagic, payloadLength, destination[..total]);
        return total;
    }

    /// <summary>Encodes a part record.</summary>
    /// <param name="part">The part.</param>
    /// <returns>The record bytes.</returns>
    public static byte[] EncodePart(PartRecord part)
    {
        Span<byte> buffer = stackalloc byte[MaxPartRecordLength];
        var written = EncodePart(part, buffer);
        return buffer[..written].ToArray();
    }

    /// <summary>Decodes a part record, checking its frame and checksum.</summary>
    /// <param name="record">Exactly one record.</param>
    /// <returns>The part.</returns>
    /// <exception cref="CheckpointCorruptException">The record is damaged.</exception>
    public static PartRecord DecodePart(ReadOnlySpan<byte> record)
    {
        var payload = Unframe(record, PartMagic, "part");
        if (payload.Length < PartFixedBytes)
        {
            throw new CheckpointCorruptException("A part record is too short.");
        }

        var etagBytes = BinaryPrimitives.ReadUInt16LittleEndian(payload[ETagLengthAt..]);
        if (payload.Length < PartFixedBytes + etagBytes)
        {
            throw new CheckpointCorruptException("A part record's ETag runs past its end.");
        }

        var md5LengthAt = ETagAt + etagBytes;
        var md5Length = payload[md5LengthAt];
        if (md5Length is not (0 or Md5Bytes) || payload.Length != PartFixedBytes + etagBytes + md5Length)
        {
            throw new CheckpointCorruptException("A part record's MD5 field is malformed.");
        }

        var part = new PartRecord(
            BinaryPrimitives.ReadInt32LittleEndian(payload[PartNumberAt..]),
            BinaryPrimitives.ReadInt64LittleEndian(payload[OffsetAt..]),
            BinaryPrimitives.ReadInt64LittleEndian(payload[LengthAt..]),
            Encoding.UTF8.GetString(payload.Slice(ETagAt, etagBytes)),
            BinaryPrimitives.ReadUInt64LittleEndian(payload[PartCrcAt..]),
            md5Length == 0 ? null : Convert.ToBase64String(payload.Slice(md5LengthAt + Md5LengthBytes, Md5Bytes)));
        if (part.PartNumber < 1 || part.Offset < 0 || part.Length < 0)
        {
            throw new CheckpointCorruptException($"A part record holds impossible values (part {part.PartNumber}, offset {part.Offset}, length {part.Length}).");
        }

        return part;
    }

    /// <summary>
    /// Finds the length of the first complete, checksum-valid record at the start of <paramref name="data"/>
    /// (used by append-only stores to walk a log and stop at a torn tail).
    /// </summary>
    /// <param name="data">The bytes from a record boundary on.</param>
    /// <param name="recordLength">The record's length.</param>
    /// <returns><see langword="false"/> when the bytes do not start with a whole valid record.</returns>
    public static bool TryReadFrame(ReadOnlySpan<byte> data, out int recordLength)
    {
        recordLength = 0;
        if (data.Length < FrameOverhead)
        {
            return false;
        }

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data[MagicAt..]);
        var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(data[PayloadLengthAt..]);
        if ((magic != HeaderMagic && magic != PartMagic) || payloadLength > MaxHeaderPayload || data.Length < FrameOverhead + (int)payloadLength)
        {
            return false;
        }

        var total = FrameOverhead + (int)payloadLength;
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(data[(total - CrcBytes)..]);
        if (Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data[..(total - CrcBytes)]) != expected)
        {
            return false;
        }

        recordLength = total;
        return true;
    }

    /// <summary>Tells whether a valid record is a header record.</summary>
    /// <param name="record">A record that passed <see cref="TryReadFrame"/>.</param>
    /// <returns><see langword="true"/> for a header.</returns>
    public static bool IsHeader(ReadOnlySpan<byte> record) => record.Length >= sizeof(uint) && BinaryPrimitives.ReadUInt32LittleEndian(record[MagicAt..]) == HeaderMagic;

    /// <summary>Frames a header payload as it stands, valid or not (tests forge headers of other schemas with it).</summary>
    /// <param name="payload">The UTF-8 JSON payload.</param>
    /// <returns>The record bytes.</returns>
    internal static byte[] FrameHeaderPayload(ReadOnlySpan<byte> payload)
    {
        var record = new byte[FrameOverhead + payload.Length];
        payload.CopyTo(record.AsSpan(PayloadAt));
        WriteFrame(HeaderMagic, payload.Length, record);
        return record;
    }

    private static void WriteFrame(uint magic, int payloadLength, Span<byte> record)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(record[MagicAt..], magic);
        BinaryPrimitives.WriteUInt32LittleEndian(record[PayloadLengthAt..], (uint)payloadLength);
        var crcAt = PayloadAt + payloadLength;
        var crc = Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, record[..crcAt]);
        BinaryPrimitives.WriteUInt32LittleEndian(record[crcAt..], crc);
    }

    private static ReadOnlySpan<byte> Unframe(ReadOnlySpan<byte> record, uint magic, string what)
    {
        if (!TryReadFrame(record, out var length))
        {
            throw new CheckpointCorruptException(record.Length < FrameOverhead
                ? $"The checkpoint {what} record is truncated ({record.Length} bytes)."
                : $"The checkpoint {what} record fails its checksum or is truncated.");
        }

        if (length != record.Length)
        {
            throw new CheckpointCorruptException($"The checkpoint {what} record has {record.Length - length} trailing bytes.");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(record[MagicAt..]) != magic)
        {
            throw new CheckpointCorruptException($"The checkpoint record is not a {what} record.");
        }

        return record[PayloadAt..(length - CrcBytes)];
    }
}
