namespace ResumableUpload.Cli.Tests.CommandLine;

/// <summary>The command line on System.CommandLine: help from the definitions, one-line usage errors (exit 2), and completions through the [suggest] directive.</summary>
public class CommandLineTests
{
    [Fact]
    public async Task Help_Root_ListsTheCommandsAndTheExitCodes()
    {
        var (code, output, error) = await CliInProcess.RunAsync(["--help"]);

        Assert.Equal(0, code);
        Assert.Empty(error);
        foreach (var command in new[] { "upload", "status", "abort", "list", "sweep" })
        {
            Assert.Matches($@"(?m)^  {command}\b", output);
        }

        Assert.Contains("Exit codes: 0 done; 1 failed, resumable", output, StringComparison.Ordinal);
        Assert.DoesNotContain("  help ", output, StringComparison.Ordinal); // "rupload help" works, but is not listed
    }

    [Fact]
    public async Task Help_Upload_ListsItsOptionsWithoutAUsageError()
    {
        var (code, output, error) = await CliInProcess.RunAsync(["upload", "--help"]);

        Assert.Equal(0, code);
        Assert.Empty(error); // no "Missing arguments": help wins
        Assert.Contains("rupload upload [<source> [<destination>]] [options]", output, StringComparison.Ordinal);
        foreach (var option in new[] { "--part-size <size>", "--checkpoint <store>", "--progress <auto|bar|lines|none>", "--files-from <list|->", "--json" })
        {
            Assert.Contains(option, output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task NoArguments_HelpAndExit2()
    {
        var (code, output, _) = await CliInProcess.RunAsync([]);

        Assert.Equal(2, code);
        Assert.Contains("Usage:", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "upload", "a" }, "rupload: Missing arguments. Usage: rupload upload <source> <destination> [options]")]
    [InlineData(new[] { "upload", "a", "b", "c" }, "rupload: Too many arguments ('c'). Usage: rupload upload <source> <destination> [options]")]
    [InlineData(new[] { "upload", "--partsize=1", "a", "b" }, "rupload: Unknown option '--partsize'.")]
    [InlineData(new[] { "upload", "a", "b", "--part-size" }, "rupload: --part-size needs a value.")]
    [InlineData(new[] { "upload", "a", "b", "--progress", "loud" }, "rupload: --progress: 'loud' is not one of auto, bar, lines, none.")]
    [InlineData(new[] { "sweep", "file:///tmp/x/", "--older-than", "soon" }, "rupload: --older-than: 'soon' is not a duration (examples: 0s, 90s, 15m, 2h, 7d).")]
    [InlineData(new[] { "frobnicate" }, "rupload: Unknown command 'frobnicate'. Run rupload --help.")]
    [InlineData(new[] { "status", "extra" }, "rupload: Too many arguments ('extra'). Usage: rupload status [options]")]
    public async Task BadCommandLine_OneLineExit2(string[] args, string expected)
    {
        var (code, output, error) = await CliInProcess.RunAsync(args);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Equal(expected + Environment.NewLine, error);
    }

    [Fact]
    public async Task Upload_ValueOptionGivenTwice_TheLastWins()
    {
        using var temp = new TestSupport.TempDirectory();
        var source = temp.RandomFile("s.bin", 300_000);

        var (code, output, error) = await CliInProcess.RunAsync(["upload", source, $"file://{temp.Path}/o.bin", "--part-size", "1MiB", "--part-size", "100KiB", "--checkpoint", "none", "--progress", "none"]);

        Assert.True(code == 0, error);
        Assert.Contains("in 3 part(s) of 102400 bytes", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rupload upload a b --progress ", new[] { "auto", "bar", "lines", "none" })]
    [InlineData("rupload sta", new[] { "status" })]
    [InlineData("rupload upload a b --s3-add", new[] { "--s3-addressing" })]
    public async Task Suggest_PartialCommandLine_TheCompletionsAShellShows(string line, string[] expected)
    {
        var (code, output, error) = await CliInProcess.RunAsync([$"[suggest:{line.Length}]", line]);

        Assert.True(code == 0, error);
        Assert.Equal(expected, output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
