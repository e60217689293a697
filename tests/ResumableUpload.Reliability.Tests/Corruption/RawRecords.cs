namespace ResumableUpload.Reliability.Tests.Corruption;

internal static class RawRecords
{
    /// <summary>The part number a record names, so a record store files it where it belongs; a damaged record keeps its position.</summary>
    public static int PartNumberOr(byte[] record, int fallback)
    {
        try
        {
            return CheckpointCodec.DecodePart(record).PartNumber;
        }
        catch (CheckpointCorruptException)
        {
            return fallback;
        }
    }
}
