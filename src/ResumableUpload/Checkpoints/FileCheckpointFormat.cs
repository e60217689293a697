using ResumableUpload.Shared;

namespace ResumableUpload.Checkpoints;

/// <summary>Reads a checkpoint file: one header record, then part records up to the first torn or damaged one.</summary>
internal static class FileCheckpointFormat
{
    /// <param name="bytes">The whole file.</param>
    /// <param name="validLength">The length of the valid prefix; appends continue there.</param>
    public static UploadCheckpoint Parse(ReadOnlySpan<byte> bytes, out long validLength)
    {
        if (bytes.Length == 0)
        {
            throw new CheckpointCorruptException("The checkpoint file is empty.");
        }

        if (!CheckpointCodec.TryReadFrame(bytes, out var headerLength) || !CheckpointCodec.IsHeader(bytes[..headerLength]))
        {
            throw new CheckpointCorruptException("The checkpoint file does not start with a valid header record (damaged or truncated).");
        }

        var header = CheckpointCodec.DecodeHeader(bytes[..headerLength]);
        var parts = new SortedDictionary<int, PartRecord>();
        var position = headerLength;
        while (position < bytes.Length && CheckpointCodec.TryReadFrame(bytes[position..], out var length))
        {
            var record = bytes.Slice(position, length);
            if (CheckpointCodec.IsHeader(record))
            {
                break;
            }

            var part = CheckpointCodec.DecodePart(record);
            if (part.PartNumber > header.PartCount)
            {
                throw Errors.PartBeyondUpload(part.PartNumber, header.PartCount);
            }

            parts[part.PartNumber] = part;
            position += length;
        }

        validLength = position;
        return new UploadCheckpoint(header, [.. parts.Values]);
    }
}
