using System.Diagnostics;

namespace ResumableUpload.Tests.Checkpoints;

public class LeaseHolderTests
{
    [Fact]
    public void Current_IsThisProcessAndAlive()
    {
        var current = LeaseHolder.Current;

        Assert.Equal(Environment.ProcessId, current.ProcessId);
        Assert.Equal(current, LeaseHolder.OfProcess(Environment.ProcessId));
        Assert.True(current.IsOnThisHost);
        Assert.False(current.IsKnownDead());
        if (OperatingSystem.IsLinux())
        {
            Assert.Matches("^[0-9a-f-]{36}$", current.BootId);
            Assert.StartsWith("pid:[", current.ProcessNamespace, StringComparison.Ordinal);
            Assert.True(current.StartTime > 0);
        }
    }

    [Fact]
    public void ToString_TryParse_RoundTripsIncludingAHostWithSpaces()
    {
        var holder = new LeaseHolder("my host", string.Empty, string.Empty, 42, 123456789);

        Assert.True(LeaseHolder.TryParse(holder.ToString(), out var parsed));
        Assert.Equal(holder, parsed);
        Assert.True(LeaseHolder.TryParse(LeaseHolder.Current.ToString(), out var current));
        Assert.Equal(LeaseHolder.Current, current);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("2 42 1 - - host")]
    [InlineData("1 -42 1 - - host")]
    [InlineData("1 42 x - - host")]
    [InlineData("1 42 1 - - ")]
    public void TryParse_NotAHolder_ReturnsFalse(string? text)
        => Assert.False(LeaseHolder.TryParse(text, out _));

    [Fact]
    public void IsKnownDead_ExitedProcess_True()
    {
        using var process = Process.Start(new ProcessStartInfo("sleep", "30"))!;
        var holder = LeaseHolder.OfProcess(process.Id);
        process.Kill();
        process.WaitForExit();

        Assert.NotNull(holder);
        Assert.Null(LeaseHolder.OfProcess(process.Id));
        Assert.True(holder.IsKnownDead());
    }

    [Fact]
    public void IsKnownDead_ReusedProcessIdOrEarlierBoot_True()
    {
        var current = LeaseHolder.Current;

        Assert.True((current with { StartTime = current.StartTime - 1 }).IsKnownDead());
        if (OperatingSystem.IsLinux())
        {
            Assert.True((current with { BootId = Guid.NewGuid().ToString() }).IsKnownDead());
        }
    }

    [Fact]
    public void IsKnownDead_AnotherHostOrPidNamespace_FalseEvenForAnIdThatDoesNotExistHere()
    {
        var current = LeaseHolder.Current;
        var gone = current with { ProcessId = int.MaxValue };

        Assert.True(gone.IsKnownDead());
        Assert.False((gone with { Host = "elsewhere" }).IsKnownDead());
        Assert.False((gone with { ProcessNamespace = "pid:[1]" }).IsKnownDead());
    }
}
