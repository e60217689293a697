using System.Globalization;
using ResumableUpload.Shared;
using StackExchange.Redis;

namespace ResumableUpload.Redis;

/// <summary>Turns a checkpoint hash into a checkpoint, checking every record and that it sits in its own field.</summary>
internal static class RedisCheckpointReader
{
    /// <returns>The checkpoint, or <see langword="null"/> when the hash does not exist.</returns>
    /// <exception cref="CheckpointCorruptException">A record fails its checksum or does not belong where it is stored.</exception>
    public static UploadCheckpoint? Parse(HashEntry[] fields)
    {
        if (fields.Length == 0)
        {
            return null;
        }

        byte[]? headerRecord = null;
        foreach (var field in fields)
        {
            if (field.Name == RedisCheckpointScripts.HeaderField)
            {
                headerRecord = (byte[]?)field.Value;
            }
        }

        if (headerRecord is null)
        {
            throw new CheckpointCorruptException("The checkpoint hash has part records but no header record.");
        }

        var header = CheckpointCodec.DecodeHeader(headerRecord);
        var parts = new List<PartRecord>(fields.Length - 1);
        foreach (var field in fields)
        {
            if (field.Name == RedisCheckpointScripts.HeaderField)
            {
                continue;
            }

            if (!int.TryParse((string?)field.Name, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                throw new CheckpointCorruptException($"The checkpoint hash has an unknown field '{field.Name}'.");
            }

            var part = CheckpointCodec.DecodePart((byte[]?)field.Value);
            if (part.PartNumber != number)
            {
                throw new CheckpointCorruptException($"The field of part {number} holds the record of part {part.PartNumber}.");
            }

            if (part.PartNumber > header.PartCount)
            {
                throw Errors.PartBeyondUpload(part.PartNumber, header.PartCount);
            }

            parts.Add(part);
        }

        parts.Sort(static (a, b) => a.PartNumber.CompareTo(b.PartNumber));
        return new UploadCheckpoint(header, parts);
    }
}
