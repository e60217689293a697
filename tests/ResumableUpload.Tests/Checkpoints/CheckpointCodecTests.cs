namespace ResumableUpload.Tests.Checkpoints;

public class CheckpointCodecTests
{
    [Fact]
    public void DecodeHeader_RoundTrip_ReturnsEqualHeader()
    {
        var header = CheckpointSamples.Header("a \"quoted\"\nkey/ünïcødé/" + new string('k', 1000));
        Assert.Equal(header, CheckpointCodec.DecodeHeader(CheckpointCodec.EncodeHeader(header)));
    }

    [Fact]
    public void DecodePart_RoundTrip_ReturnsEqualPart()
    {
        var part = CheckpointSamples.Part(7);
        Assert.Equal(part, CheckpointCodec.DecodePart(CheckpointCodec.EncodePart(part)));
        var noMd5 = part with { Md5Base64 = null, ETag = string.Empty };
        Assert.Equal(noMd5, CheckpointCodec.DecodePart(CheckpointCodec.EncodePart(noMd5)));
    }

    [Fact]
    public void DecodeHeader_AnySingleBitFlip_ThrowsCorrupt()
    {
        var record = CheckpointCodec.EncodeHeader(CheckpointSamples.Header());
        for (var bit = 0; bit < record.Length * 8; bit += 3)
        {
            var copy = (byte[])record.Clone();
            copy[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Throws<CheckpointCorruptException>(() => CheckpointCodec.DecodeHeader(copy));
        }
    }

    [Fact]
    public void DecodePart_EveryTruncation_ThrowsCorrupt()
    {
        var record = CheckpointCodec.EncodePart(CheckpointSamples.Part(3));
        for (var length = 0; length < record.Length; length++)
        {
            Assert.Throws<CheckpointCorruptException>(() => CheckpointCodec.DecodePart(record.AsSpan(0, length)));
        }
    }

    [Fact]
    public void DecodeHeader_PartRecord_ThrowsCorrupt()
        => Assert.Throws<CheckpointCorruptException>(() => CheckpointCodec.DecodeHeader(CheckpointCodec.EncodePart(CheckpointSamples.Part(1))));

    [Fact]
    public void DecodeHeader_GoldenSchemaV1File_StillReads()
    {
        // Guards the format: a checkpoint written by schema version 1 must stay readable.
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", "checkpoint-v1.ckpt"));
        Assert.True(CheckpointCodec.TryReadFrame(bytes, out var headerLength));
        Assert.Equal(CheckpointSamples.Header(), CheckpointCodec.DecodeHeader(bytes.AsSpan(0, headerLength)));
        var part = CheckpointCodec.DecodePart(bytes.AsSpan(headerLength));
        Assert.Equal(CheckpointSamples.Part(1), part);
    }

    [Fact]
    public void DecodeHeader_GoldenSchemaV2File_StillReads()
    {
        // Guards the format: a stream checkpoint (schema version 2: a part-size schedule) must stay readable.
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", "checkpoint-v2.ckpt"));
        Assert.True(CheckpointCodec.TryReadFrame(bytes, out var headerLength));
        Assert.Equal(CheckpointSamples.StreamHeader(), CheckpointCodec.DecodeHeader(bytes.AsSpan(0, headerLength)));
        Assert.Equal(CheckpointSamples.Part(1), CheckpointCodec.DecodePart(bytes.AsSpan(headerLength)));
    }

    [Fact]
    public void EncodeHeader_FileHeader_StaysSchemaV1()
    {
        var json = System.Text.Encoding.UTF8.GetString(CheckpointCodec.EncodeHeader(CheckpointSamples.Header()).AsSpan(8..^4));
        Assert.Contains("\"schema\":1,", json, StringComparison.Ordinal);
        Assert.DoesNotContain("partSizeDoublingInterval", json, StringComparison.Ordinal);
    }

    [Fact]
    public void DecodeHeader_OtherSchemaVersion_ThrowsCorruptNamingTheVersion()
    {
        var json = System.Text.Encoding.UTF8.GetString(CheckpointCodec.EncodeHeader(CheckpointSamples.Header()).AsSpan(8..^4));
        var v3 = System.Text.Encoding.UTF8.GetBytes(json.Replace("\"schema\":1", "\"schema\":3", StringComparison.Ordinal));
        var record = Reframe(v3);
        var ex = Assert.Throws<CheckpointCorruptException>(() => CheckpointCodec.DecodeHeader(record));
        Assert.Contains("schema version 3", ex.Message, StringComparison.Ordinal);
    }

    internal static byte[] Reframe(byte[] payload)
    {
        var record = new byte[payload.Length + 12];
        BitConverter.TryWriteBytes(record.AsSpan(0, 4), 0x48435552u);
        BitConverter.TryWriteBytes(record.AsSpan(4, 4), (uint)payload.Length);
        payload.CopyTo(record, 8);
        var crc = System.IO.Hashing.Crc32.HashToUInt32(System.IO.Hashing.Crc32ParameterSet.Crc32C, record.AsSpan(0, 8 + payload.Length));
        BitConverter.TryWriteBytes(record.AsSpan(8 + payload.Length), crc);
        return record;
    }
}
