using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json;

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
    public const int FrameOverhead = 12;

    /// <summary>The largest ETag a part record holds, in UTF-8 bytes.</summary>
    public const int MaxETagBytes = 1024;

    /// <summary>The largest encoded part record.</summary>
    public const int MaxPartRecordLength = FrameOverhead + PartFixedBytes + MaxETagBytes + 16;

    private const int MaxHeaderPayload = 1 << 20;
    private const uint HeaderMagic = 0x48435552; // "RUCH"
    private const uint PartMagic = 0x50435552; // "RUCP"
    private const int PartFixedBytes = 4 + 8 + 8 + 8 + 2 + 1;

    /// <summary>Encodes a header record.</summary>
    /// <param name="header">The header.</param>
    /// <returns>The record bytes.</returns>
    public static byte[] EncodeHeader(CheckpointHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var json = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            w.WriteNumber("schema", header.PartSizeDoublingInterval == 0 ? 1 : SchemaVersion);
            w.WriteString("target", header.TargetIdentity);
            w.WriteString("bucket", header.Location.Bucket);
            w.WriteString("key", header.Location.Key);
            w.WriteString("uploadId", header.UploadId);
            w.WriteString("sourcePath", header.Source.Path);
            w.WriteNumber("sourceLength", header.Source.Length);
            w.WriteNumber("sourceLastWriteTicks", header.Source.LastWriteTimeUtc.Ticks);
            if (header.Source.FileId is not null)
            {
                w.WriteString("sourceFileId", header.Source.FileId);
            }

            w.WriteNumber("partSize", header.PartSize);
            w.WriteNumber("partCount", header.PartCount);
            if (header.PartSizeDoublingInterval != 0)
            {
                w.WriteNumber("partSizeDoublingInterval", header.PartSizeDoublingInterval);
            }

            w.WriteString("algorithm", header.Algorithm.ToString());
            w.WriteBoolean("contentMd5", header.ContentMd5);
            w.WriteString("createdAt", header.CreatedAt.ToString("O", CultureInfo.InvariantCulture));
            w.WriteEndObject();
        }

        var record = new byte[FrameOverhead + json.WrittenCount];
        Frame(HeaderMagic, json.WrittenSpan, record);
        return record;
    }

    /// <summary>Decodes a header record, checking its frame, checksum and schema version.</summary>
    /// <param name="record">Exactly one record.</param>
    /// <returns>The header.</returns>
    /// <exception cref="CheckpointCorruptException">The record is damaged or of another schema.</exception>
    public static CheckpointHeader DecodeHeader(ReadOnlySpan<byte> record)
    {
        var payload = Unframe(record, HeaderMagic, "header");
        try
        {
            using var doc = JsonDocument.Parse(payload.ToArray());
            var root = doc.RootElement;
            var schema = root.GetProperty("schema").GetInt32();
            if (schema is < 1 or > SchemaVersion)
            {
                throw new CheckpointCorruptException($"The checkpoint has schema version {schema}; this library reads versions 1 to {SchemaVersion}.");
            }

            var algorithm = Enum.Parse<ChecksumAlgorithm>(root.GetProperty("algorithm").GetString()!);
            if (!Enum.IsDefined(algorithm))
            {
                throw new CheckpointCorruptException($"The checkpoint names an unknown checksum algorithm '{algorithm}'.");
            }

            return new CheckpointHeader
            {
                TargetIdentity = root.GetProperty("target").GetString()!,
                Location = new ObjectLocation(root.GetProperty("bucket").GetString()!, root.GetProperty("key").GetString()!),
                UploadId = root.GetProperty("uploadId").GetString()!,
                Source = new SourceIdentity(
                    root.GetProperty("sourcePath").GetString()!,
                    root.GetProperty("sourceLength").GetInt64(),
                    new DateTime(root.GetProperty("sourceLastWriteTicks").GetInt64(), DateTimeKind.Utc),
                    root.TryGetProperty("sourceFileId", out var fileId) ? fileId.GetString() : null),
                PartSize = root.GetProperty("partSize").GetInt64(),
                PartCount = root.GetProperty("partCount").GetInt32(),
                PartSizeDoublingInterval = schema >= 2 && root.TryGetProperty("partSizeDoublingInterval", out var interval) ? interval.GetInt32() : 0,
                Algorithm = algorithm,
                ContentMd5 = root.GetProperty("contentMd5").GetBoolean(),
                CreatedAt = DateTimeOffset.Parse(root.GetProperty("createdAt").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind),
            };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException or OverflowException or NullReferenceException)
        {
            throw new CheckpointCorruptException($"The checkpoint header passed its checksum but is not a valid header: {ex.Message}", ex);
        }
    }

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

        Span<byte> md5 = stackalloc byte[16];
        var md5Length = 0;
        if (part.Md5Base64 is not null && (!Convert.TryFromBase64String(part.Md5Base64, md5, out md5Length) || md5Length != 16))
        {
            throw new ArgumentException("The MD5 is not 16 bytes of base64.", nameof(part));
        }

        var payloadLength = PartFixedBytes + etagBytes + md5Length;
        var total = FrameOverhead + payloadLength;
        if (destination.Length < total)
        {
            throw new ArgumentException("The destination is too small.", nameof(destination));
        }

        var payload = destination.Slice(8, payloadLength);
        BinaryPrimitives.WriteInt32LittleEndian(payload, part.PartNumber);
        BinaryPrimitives.WriteInt64LittleEndian(payload[4..], part.Offset);
        BinaryPrimitives.WriteInt64LittleEndian(payload[12..], part.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(payload[20..], part.Crc);
        BinaryPrimitives.WriteUInt16LittleEndian(payload[28..], (ushort)etagBytes);
        Encoding.UTF8.GetBytes(etag, payload.Slice(30, etagBytes));
        payload[30 + etagBytes] = (byte)md5Length;
        md5[..md5Length].CopyTo(payload[(31 + etagBytes)..]);
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

        var etagBytes = BinaryPrimitives.ReadUInt16LittleEndian(payload[28..]);
        if (payload.Length < PartFixedBytes + etagBytes)
        {
            throw new CheckpointCorruptException("A part record's ETag runs past its end.");
        }

        var md5Length = payload[30 + etagBytes];
        if (md5Length is not (0 or 16) || payload.Length != PartFixedBytes + etagBytes + md5Length)
        {
            throw new CheckpointCorruptException("A part record's MD5 field is malformed.");
        }

        var part = new PartRecord(
            BinaryPrimitives.ReadInt32LittleEndian(payload),
            BinaryPrimitives.ReadInt64LittleEndian(payload[4..]),
            BinaryPrimitives.ReadInt64LittleEndian(payload[12..]),
            Encoding.UTF8.GetString(payload.Slice(30, etagBytes)),
            BinaryPrimitives.ReadUInt64LittleEndian(payload[20..]),
            md5Length == 0 ? null : Convert.ToBase64String(payload.Slice(31 + etagBytes, 16)));
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

        var magic = BinaryPrimitives.ReadUInt32LittleEndian(data);
        var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if ((magic != HeaderMagic && magic != PartMagic) || payloadLength > MaxHeaderPayload || data.Length < FrameOverhead + (int)payloadLength)
        {
            return false;
        }

        var total = FrameOverhead + (int)payloadLength;
        var expected = BinaryPrimitives.ReadUInt32LittleEndian(data[(total - 4)..]);
        if (Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, data[..(total - 4)]) != expected)
        {
            return false;
        }

        recordLength = total;
        return true;
    }

    /// <summary>Tells whether a valid record is a header record.</summary>
    /// <param name="record">A record that passed <see cref="TryReadFrame"/>.</param>
    /// <returns><see langword="true"/> for a header.</returns>
    public static bool IsHeader(ReadOnlySpan<byte> record) => record.Length >= 4 && BinaryPrimitives.ReadUInt32LittleEndian(record) == HeaderMagic;

    private static void Frame(uint magic, ReadOnlySpan<byte> payload, Span<byte> destination)
    {
        payload.CopyTo(destination[8..]);
        WriteFrame(magic, payload.Length, destination);
    }

    private static void WriteFrame(uint magic, int payloadLength, Span<byte> record)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(record, magic);
        BinaryPrimitives.WriteUInt32LittleEndian(record[4..], (uint)payloadLength);
        var crc = Crc32.HashToUInt32(Crc32ParameterSet.Crc32C, record[..(8 + payloadLength)]);
        BinaryPrimitives.WriteUInt32LittleEndian(record[(8 + payloadLength)..], crc);
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

        if (BinaryPrimitives.ReadUInt32LittleEndian(record) != magic)
        {
            throw new CheckpointCorruptException($"The checkpoint record is not a {what} record.");
        }

        return record[8..(length - 4)];
    }
}
