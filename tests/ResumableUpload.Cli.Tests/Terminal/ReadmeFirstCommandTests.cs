using ResumableUpload.TestSupport;
using Xunit.Abstractions;

namespace ResumableUpload.Cli.Tests.Terminal;

/// <summary>
/// The README's first command, copied from the README at test time and run verbatim on a terminal from the repository
/// root, as a newcomer pastes it: it must upload, show a bar that ends at 100 %, and leave nothing behind.
/// </summary>
[Collection(TerminalTestGroup.Name)]
public sealed class ReadmeFirstCommandTests(ITestOutputHelper output)
{
    private const string Section = "## The two commands";
    private const string Source = "/tmp/big.bin";
    private const string DemoFolder = "/tmp/rupload-demo";
    private static readonly string DemoObject = Path.Combine(DemoFolder, "big.bin");

    [Fact]
    public async Task ReadmeFirstCommand_RunInTerminal_UploadsIdenticalObjectWithBarAt100Percent()
    {
        var root = RepositoryRoot();
        var command = FirstShellBlockUnder(File.ReadAllText(Path.Combine(root, "README.md")), Section);
        Assert.Contains("file://" + DemoObject, command, StringComparison.Ordinal); // the paths this test checks and cleans
        output.WriteLine("$ " + command);
        if (Directory.Exists(DemoFolder))
        {
            Directory.Delete(DemoFolder, recursive: true);
        }

        using var state = new TempDirectory();
        try
        {
            using var terminal = PseudoTerminal.Start(command, root, new Dictionary<string, string> { ["RUPLOAD_STATE_DIR"] = state.Path });
            var (code, screen) = await terminal.WaitAsync(TimeSpan.FromMinutes(10));
            output.WriteLine("last frame: " + screen.LastFrame);

            Assert.True(code == 0, screen.ToString());
            Assert.True(TestData.FilesEqual(Source, DemoObject), $"{DemoObject} differs from {Source}");
            Assert.Contains("100.0% ", screen.LastFrame, StringComparison.Ordinal);
            Assert.True(screen.Shows($"Uploaded {Source} to file://{DemoObject}: "), screen.ToString());
            Assert.False(screen.Shows("rupload: unexpected"), screen.ToString());

            // The local folder target keeps its (empty) staging folder; nothing of the upload may be left in it.
            var staging = Path.Combine(DemoFolder, ".rupload-uploads");
            Assert.Empty(Directory.Exists(staging) ? Directory.GetFileSystemEntries(staging) : []);
            Assert.Empty(Directory.GetFiles(Path.Combine(state.Path, "checkpoints")));
        }
        finally
        {
            File.Delete(Source);
            if (Directory.Exists(DemoFolder))
            {
                Directory.Delete(DemoFolder, recursive: true);
            }
        }
    }

    /// <summary>The body of the first <c>```sh</c> block after the heading <paramref name="heading"/>.</summary>
    internal static string FirstShellBlockUnder(string markdown, string heading)
    {
        var lines = markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = Array.IndexOf(lines, heading);
        Assert.True(start >= 0, $"the README has no heading '{heading}'");
        var open = Array.FindIndex(lines, start + 1, l => l.Trim() == "```sh");
        Assert.True(open > start, $"no ```sh block under '{heading}'");
        var close = Array.FindIndex(lines, open + 1, l => l.Trim() == "```");
        Assert.True(close > open + 1, $"the ```sh block under '{heading}' is empty or not closed");
        return string.Join('\n', lines[(open + 1)..close]);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new Xunit.Sdk.XunitException($"no README.md next to Pipeline.sln above {AppContext.BaseDirectory}");
    }
}
