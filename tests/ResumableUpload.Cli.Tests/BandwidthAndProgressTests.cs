using System.Text.Json;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests;

/// <summary><c>--max-bandwidth</c> as a user types it, and the bytes in flight in the progress a script reads.</summary>
public sealed class BandwidthAndProgressTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Theory]
    [InlineData("0")]
    [InlineData("0MiB/s")]
    [InlineData("fast")]
    public async Task Upload_MaxBandwidthNotAPositiveRate_Exits2WithOneLineNamingTheOption(string rate)
    {
        var source = temp.RandomFile("s.bin", 1000);

        var (code, output) = await Rupload.RunAsync(["upload", source, $"file://{temp.SubDirectory("out")}/k.bin", "--max-bandwidth", rate]);

        Assert.Equal(2, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("--max-bandwidth", StringComparison.Ordinal));
        Assert.Contains($"'{rate}'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Worker_MaxBandwidthNotAPositiveRate_Exits2WithOneLineNamingTheOption()
    {
        var (code, output) = await Rupload.RunAsync(["worker", "--cluster", "redis:127.0.0.1:1", "--target", $"file://{temp.SubDirectory("out")}", "--max-bandwidth", "0"]);

        Assert.Equal(2, code);
        var line = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("--max-bandwidth", StringComparison.Ordinal));
        Assert.Contains("'0'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_CappedJsonProgress_ShowsBytesInFlightBeforeTheirPartIsRecorded()
    {
        const long Length = (3L << 20) + 5;
        var source = temp.RandomFile("s.bin", Length);
        var outDir = temp.SubDirectory("out");

        // 2 MiB/s: each 1 MiB part is read a slice at a time over about half a second, so reports come mid-part.
        var (code, output) = await Rupload.RunAsync(["upload", source, $"file://{outDir}/k.bin", "--part-size", "1MiB", "--threads", "1", "--max-bandwidth", "2MiB/s", "--json", "--progress-interval", "0s", "--checkpoint", "dir:" + temp.SubDirectory("c")]);

        Assert.True(code == 0, output);
        var progress = output.Split('\n').Where(l => l.StartsWith("{\"event\":\"progress\"", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(progress, p => p.GetProperty("inFlightBytes").GetInt64() > 0 && p.GetProperty("sentBytes").GetInt64() > p.GetProperty("bytes").GetInt64());
        var sent = progress.Select(p => p.GetProperty("sentBytes").GetInt64()).ToList();
        Assert.Equal(sent.Order(), sent);
        Assert.All(sent, s => Assert.InRange(s, 0, Length));
        var last = progress[^1];
        Assert.Equal((Length, Length, 0L), (last.GetProperty("bytes").GetInt64(), last.GetProperty("sentBytes").GetInt64(), last.GetProperty("inFlightBytes").GetInt64()));
        Assert.Equal(await File.ReadAllBytesAsync(source), await File.ReadAllBytesAsync(Path.Combine(outDir, "k.bin")));
    }

    public void Dispose() => temp.Dispose();
}
