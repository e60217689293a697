using ResumableUpload.Pipeline;

namespace ResumableUpload.Tests.Pipeline;

public class PartLayoutTests
{
    private static readonly TargetCapabilities S3 = new() { MinPartSize = 5L << 20, MaxPartSize = 5L << 30, MaxPartCount = 10_000, CanListParts = true };
    private static readonly TargetCapabilities Local = new() { MinPartSize = 100 << 10, MaxPartSize = 5L << 30, MaxPartCount = 10_000, CanListParts = true };

    [Fact]
    public void Compute_DefaultPartSize_CutsIntoEightMiBParts()
    {
        var layout = PartLayout.Compute(100L << 20, new UploadOptions().PartSize, Local);
        Assert.Equal(8L << 20, layout.PartSize);
        Assert.Equal(13, layout.PartCount);
        Assert.Equal(4L << 20, layout.Part(13).Length);
    }

    [Fact]
    public void Compute_FileNeedingMoreThanTenThousandParts_GrowsPartSizeToFit()
    {
        var length = 100L << 30; // 100 GiB at 8 MiB would be 12,800 parts
        var layout = PartLayout.Compute(length, 8L << 20, S3);
        Assert.True(layout.PartCount <= 10_000);
        Assert.Equal(0, layout.PartSize % (1 << 20));
        Assert.Equal(11L << 20, layout.PartSize); // ceil(100 GiB / 10,000) rounded up to whole MiB
        Assert.Equal(length, (layout.PartCount - 1) * layout.PartSize + layout.Part(layout.PartCount).Length);
    }

    [Fact]
    public void Compute_ExactlyTenThousandParts_KeepsRequestedSize()
    {
        var layout = PartLayout.Compute(10_000L * (8 << 20), 8L << 20, S3);
        Assert.Equal(8L << 20, layout.PartSize);
        Assert.Equal(10_000, layout.PartCount);
    }

    [Fact]
    public void Compute_OneByteOverTenThousandParts_Grows()
    {
        var layout = PartLayout.Compute((10_000L * (8 << 20)) + 1, 8L << 20, S3);
        Assert.Equal(9L << 20, layout.PartSize);
        Assert.True(layout.PartCount <= 10_000);
    }

    [Fact]
    public void Compute_PartSizeBelowTargetMinimum_IsClamped()
        => Assert.Equal(5L << 20, PartLayout.Compute(1L << 30, 100 << 10, S3).PartSize);

    [Fact]
    public void Compute_PartSizeAboveTargetMaximum_IsClamped()
    {
        var small = new TargetCapabilities { MinPartSize = 1, MaxPartSize = 4L << 20, MaxPartCount = 10_000, CanListParts = true };
        Assert.Equal(4L << 20, PartLayout.Compute(1L << 30, 64L << 20, small).PartSize);
    }

    [Fact]
    public void Compute_FileTooLargeForTarget_Throws()
        => Assert.Throws<ArgumentException>(() => PartLayout.Compute((5L << 30) * 10_001, 8L << 20, S3));

    [Fact]
    public void Compute_EmptyFile_HasNoParts()
        => Assert.Equal(0, PartLayout.Compute(0, 8L << 20, S3).PartCount);
}
