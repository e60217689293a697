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
    public void EncodeHeader_GoldenSchemaV1Header_WritesTheGoldenBytes()
    {
        // Older versions read what this one writes: the v1 golden file is the writer's own output, byte for byte.
        // (The v2 file was written by hand: its "+00:00" is not escaped as the writer's \u002B, so it guards reading only.)
        var bytes = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Golden", "checkpoint-v1.ckpt"));
        Assert.True(CheckpointCodec.TryReadFrame(bytes, out var headerLength));
        Assert.Equal(bytes[..headerLength], CheckpointCodec.EncodeHeader(CheckpointSamples.Header()));
        Assert.Equal(bytes[headerLength..], CheckpointCodec.EncodePart(CheckpointSamples.Part(1)));
    }

    [Theory]
    [InlineData("\"schema\":1", "\"schema\":\"1\"")]
    [InlineData("\"target\":", "\"targetX\":")]
    [InlineData("\"uploadId\":\"", "\"uploadId\":null,\"x\":\"")]
    [InlineData("\"algorithm\":\"Crc64Xz\"", "\"algorithm\":\"Sha512\"")]
    [InlineData("\"createdAt\":\"", "\"createdAt\":\"yesterday")]
    [InlineData("\"sourceLastWriteTicks\":", "\"sourceLastWriteTicks\":9")]
    public void DecodeHeader_ChecksummedButInvalidField_ThrowsCorrupt(string find, string replace)
    {
        var json = System.Text.Encoding.UTF8.GetString(CheckpointCodec.EncodeHeader(CheckpointSamples.Header()).AsSpan(8..^4));
        Assert.Contains(find, json, StringComparison.Ordinal);
        var record = CheckpointCodec.FrameHeaderPayload(System.Text.Encoding.UTF8.GetBytes(json.Replace(find, replace, StringComparison.Ordinal)));
        Assert.Throws<CheckpointCorruptException>(() => CheckpointCodec.DecodeHeader(record));
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
        var record = CheckpointCodec.FrameHeaderPayload(v3);
        var ex = Assert.Throws<CheckpointCorruptException>(() => CheckpointCodec.DecodeHeader(record));
        Assert.Contains("schema version 3", ex.Message, StringComparison.Ordinal);
    }
}
