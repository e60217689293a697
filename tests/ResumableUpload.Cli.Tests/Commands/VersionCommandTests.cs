using System.Diagnostics;
using System.Text.RegularExpressions;
using ResumableUpload.Cli;

namespace ResumableUpload.Cli.Tests.Commands;

/// <summary><c>rupload --version</c> prints the informational version of the build and nothing else; anything after it is a usage error.</summary>
public class VersionCommandTests
{
    [Fact]
    public async Task RunAsync_Version_PrintsInformationalVersionExit0()
    {
        var (code, output, error) = await RunAsync("--version");

        // The product version is written into the assembly at build time; the CLI reads it through another path.
        var built = FileVersionInfo.GetVersionInfo(typeof(CliRunner).Assembly.Location).ProductVersion;
        Assert.Equal(0, code);
        Assert.Equal($"rupload {built}{Environment.NewLine}", output);
        Assert.Matches(new Regex(@"^rupload \d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9a-f]+)?\r?\n$"), output);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("upload", "Too many arguments ('upload')")]
    [InlineData("--verbose", "Unknown option '--verbose'")]
    public async Task RunAsync_VersionWithMore_Exit2NamingIt(string extra, string expected)
    {
        var (code, output, error) = await RunAsync("--version", extra);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await CliRunner.RunAsync(args, new CliContext(output, error, _ => null, CancellationToken.None));
        return (code, output.ToString(), error.ToString());
    }
}
