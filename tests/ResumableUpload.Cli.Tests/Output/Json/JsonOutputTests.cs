using System.Text.Json;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests.Output.Json;

/// <summary><c>--json</c>: stdout holds one JSON object per line and nothing else: progress events, then one result (or an error).</summary>
public sealed class JsonOutputTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Upload_Json_ProgressEventsThenOneResult()
    {
        var source = temp.RandomFile("s.bin", 350_000, seed: 3);
        var (code, output, error) = await CliInProcess.RunAsync(["upload", source, $"file://{temp.Path}/out/o.bin", "--part-size", "100KiB", "--checkpoint", "none", "--json", "--progress-interval", "0s"]);

        Assert.True(code == 0, error);
        var events = Lines(output);
        Assert.All(events[..^1], e => Assert.Equal("progress", e.GetProperty("event").GetString()));
        Assert.Equal(4, events[^2].GetProperty("parts").GetInt32());
        Assert.Equal(350_000, events[^2].GetProperty("bytes").GetInt64());
        var result = events[^1];
        Assert.Equal("result", result.GetProperty("event").GetString());
        Assert.Equal("upload", result.GetProperty("command").GetString());
        Assert.Equal(350_000, result.GetProperty("bytes").GetInt64());
        Assert.Equal(4, result.GetProperty("parts").GetInt32());
        Assert.Equal(source, result.GetProperty("source").GetString());
        Assert.Empty(error); // nothing human on stderr either: no progress lines
    }

    [Fact]
    public async Task Upload_JsonMissingFile_ErrorObjectAndExit2()
    {
        var (code, output, error) = await CliInProcess.RunAsync(["upload", temp.File("missing.bin"), $"file://{temp.Path}/o.bin", "--json"]);

        Assert.Equal(2, code);
        var only = Assert.Single(Lines(output));
        Assert.Equal("error", only.GetProperty("event").GetString());
        Assert.Equal(2, only.GetProperty("exitCode").GetInt32());
        Assert.Contains("missing.bin", only.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("rupload: ", error, StringComparison.Ordinal); // the line a person reads stays on stderr
    }

    [Fact]
    public async Task Batch_Json_ResultCountsTheFiles()
    {
        var tree = temp.SubDirectory("tree");
        File.WriteAllText(Path.Combine(tree, "a.txt"), "a");
        File.WriteAllText(Path.Combine(tree, "b.txt"), "bb");

        var (code, output, error) = await CliInProcess.RunAsync(["upload", tree, $"file://{temp.Path}/out/", "--checkpoint", "none", "--json"]);

        Assert.True(code == 0, error);
        var result = Lines(output)[^1];
        Assert.Equal(2, result.GetProperty("uploaded").GetInt32());
        Assert.Equal(0, result.GetProperty("failed").GetInt32());
        Assert.Equal(3, result.GetProperty("bytes").GetInt64());
    }

    [Theory]
    [InlineData("status")]
    [InlineData("list")]
    [InlineData("sweep")]
    public async Task OtherCommands_Json_OneResultObject(string command)
    {
        var checkpoints = temp.SubDirectory("ckpt");
        string[] args = command switch
        {
            "status" => ["status", "--checkpoint", "dir:" + checkpoints, "--json"],
            "list" => ["list", $"file://{temp.Path}/", "--json"],
            _ => ["sweep", $"file://{temp.Path}/", "--older-than", "0s", "--dry-run", "--json"],
        };

        var (code, output, error) = await CliInProcess.RunAsync(args);

        Assert.True(code == 0, error);
        var result = Assert.Single(Lines(output));
        Assert.Equal("result", result.GetProperty("event").GetString());
        Assert.Equal(command, result.GetProperty("command").GetString());
    }

    public void Dispose() => temp.Dispose();

    private static JsonElement[] Lines(string output)
        => [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
}
