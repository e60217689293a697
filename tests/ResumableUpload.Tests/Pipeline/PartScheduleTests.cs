using ResumableUpload.Pipeline;

namespace ResumableUpload.Tests.Pipeline;

/// <summary>The part schedule of a stream without a length is a pure value: sizes and offsets from the part number.</summary>
public class PartScheduleTests
{
    private static readonly TargetCapabilities S3 = new()
    {
        MinPartSize = 5L << 20,
        MaxPartSize = 5L << 30,
        MaxPartCount = 10_000,
        MaxObjectSize = 5L << 40,
        CanListParts = true,
    };

    [Fact]
    public void ForStream_S3From8MiB_Reaches5TiBWithin10000Parts()
    {
        var schedule = PartSchedule.ForStream(8L << 20, lengthHint: null, S3);

        Assert.Equal(8L << 20, schedule.PartSize);
        Assert.InRange(schedule.DoublingInterval, 1, 9_999);
        Assert.True(schedule.Capacity >= 5L << 40, $"capacity {schedule.Capacity}");
        Assert.True(new PartSchedule(schedule.PartSize, schedule.DoublingInterval + 1, schedule.MaxPartSize, 10_000).Capacity < 5L << 40, "the interval is the longest that is enough");
        Assert.True(schedule.Size(10_000) <= PartSchedule.MaxBufferedPartSize);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(811)]
    [InlineData(812)]
    [InlineData(813)]
    [InlineData(6_000)]
    [InlineData(10_000)]
    public void Offset_IsTheSumOfTheSizesBefore(int number)
    {
        var schedule = PartSchedule.ForStream(8L << 20, lengthHint: null, S3);
        long sum = 0;
        for (var n = 1; n < number; n++)
        {
            sum += schedule.Size(n);
        }

        Assert.Equal(sum, schedule.Offset(number));
        Assert.Equal(new PartSpec(number, sum, schedule.Size(number)), schedule.Part(number));
    }

    [Fact]
    public void ForStream_EqualPartsTarget_NeverGrows()
    {
        var schedule = PartSchedule.ForStream(8L << 20, lengthHint: null, new TargetCapabilities { MinPartSize = 1, MaxPartSize = 5L << 30, MaxPartCount = 10_000, CanListParts = true, RequiresEqualParts = true });

        Assert.Equal(0, schedule.DoublingInterval);
        Assert.Equal(8L << 20, schedule.Size(10_000));
    }

    [Fact]
    public void ForStream_WithAHint_StartsAtTheFilePartSize()
    {
        var hint = 200L << 30; // 200 GiB: 8 MiB parts would need 25,600
        var schedule = PartSchedule.ForStream(8L << 20, hint, S3);

        Assert.Equal(PartLayout.Compute(hint, 8L << 20, S3).PartSize, schedule.PartSize);
    }

    [Fact]
    public void ForStream_FixedSizeAlreadyEnough_DoesNotGrow()
        => Assert.Equal(0, PartSchedule.ForStream(600L << 20, lengthHint: null, S3).DoublingInterval);
}
