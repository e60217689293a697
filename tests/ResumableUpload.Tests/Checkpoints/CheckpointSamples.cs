namespace ResumableUpload.Tests.Checkpoints;

internal static class CheckpointSamples
{
    public static CheckpointHeader Header(string key = "data/big.bin", int partCount = 10, long partSize = 1 << 20) => new()
    {
        TargetIdentity = "file:///srv/objects",
        Location = new ObjectLocation("bucket", key),
        UploadId = "0123456789abcdef0123456789abcdef",
        Source = new SourceIdentity("/home/u/big.bin", partCount * partSize, new DateTime(2026, 11, 25, 13, 22, 55, DateTimeKind.Utc).AddTicks(1234567), "2049:131"),
        PartSize = partSize,
        PartCount = partCount,
        Algorithm = ChecksumAlgorithm.Crc64Xz,
        ContentMd5 = true,
        CreatedAt = new DateTimeOffset(2026, 11, 25, 13, 22, 55, TimeSpan.Zero),
    };

    /// <summary>A stream's header as schema version 2 writes it (the golden checkpoint-v2.ckpt).</summary>
    public static CheckpointHeader StreamHeader() => Header() with
    {
        Source = new SourceIdentity("stream:nightly-dump", -1, default, null),
        PartCount = 10_000,
        PartSizeDoublingInterval = 812,
        ContentMd5 = false,
    };

    public static PartRecord Part(int number, long partSize = 1 << 20)
        => new(number, (number - 1) * partSize, partSize, $"\"etag-{number}\"", (ulong)number * 0x9E3779B97F4A7C15UL, Convert.ToBase64String(new byte[16]));
}
