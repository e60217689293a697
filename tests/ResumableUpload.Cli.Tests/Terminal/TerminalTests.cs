using System.Globalization;
using System.Text.RegularExpressions;
using ResumableUpload.TestSupport;
using Xunit.Abstractions;

namespace ResumableUpload.Cli.Tests.Terminal;

/// <summary>
/// <c>rupload</c> as a person meets it in a terminal (stderr is a tty, so progress is a bar), against the local folder
/// target with file checkpoints in private folders: the exit code and what the screen shows.
/// </summary>
[Collection(TerminalTestGroup.Name)]
public sealed partial class TerminalTests(ITestOutputHelper output) : IDisposable
{
    private const int PartSize = 100 * 1024; // the smallest allowed: many parts, so an interruption lands mid-upload
    private const int InterruptAtParts = 10;
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Upload_StderrIsTerminal_BarEndsAt100PercentAllPartsOnOneRow()
    {
        var (source, root, objectPath, checkpoints) = Layout(4L << 20);

        var (code, screen) = await RunAsync(UploadArgs(source, objectPath, checkpoints, "--part-size", "256KiB"));

        Assert.True(code == 0, screen.ToString());
        Assert.True(TestData.FilesEqual(source, objectPath), "the object differs from the source");
        var frame = screen.LastFrame;
        output.WriteLine(frame);
        Assert.StartsWith("━━━━━━━━━━", frame, StringComparison.Ordinal); // the live display (stderr is a tty), not "progress" lines
        Assert.Contains("━ 100.0% 4.0 MiB of 4.0 MiB, parts 16/16, ", frame, StringComparison.Ordinal);
        Assert.DoesNotContain('─', frame); // the bar is full: no remaining part
        Assert.True(frame.Length < 80, $"the last frame ({frame.Length} columns) does not fit an 80-column row: {frame}");
        Assert.False(screen.Shows("progress "), screen.ToString());
        Assert.StartsWith($"Uploaded {source} to file://{objectPath}: 4194304 bytes in 16 part(s)", screen.Lines[screen.BarLineIndex + 1], StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(checkpoints));
        Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(root, ".rupload-uploads")));
    }

    [Fact]
    public async Task CtrlC_ThenStatusListAndRerun_Exit130KeepsCheckpointThenResumes()
    {
        var (source, root, objectPath, checkpoints) = Layout(24L << 20);
        var args = UploadArgs(source, objectPath, checkpoints, "--part-size", "100KiB", "--threads", "1");
        var totalParts = (int)((24L << 20) / PartSize) + 1;

        var (code, screen) = await RunInterruptedAsync(args, root);
        Assert.True(code == 130, screen.ToString());
        Assert.True(screen.Shows("rupload: interrupted; the checkpoint is kept: run the same command again to resume."), screen.ToString());
        Assert.Single(Directory.GetFiles(checkpoints, "*.ckpt"));
        Assert.False(File.Exists(objectPath));
        var sent = PartsDone(screen.LastFrame); // redrawn on the way out: the parts recorded when it stopped
        Assert.InRange(sent, 1, totalParts - 1);

        // On a terminal, status draws a table: one row, whose Parts cell is "<recorded>/<total>".
        var (statusCode, status) = await RunAsync(["status", "--checkpoint", "dir:" + checkpoints]);
        Assert.True(statusCode == 0, status.ToString());
        output.WriteLine(status.ToString());
        Assert.True(status.Shows("Parts"), status.ToString());
        var cell = Assert.Single(status.Lines.Select(l => Regex.Match(l, $@"│\s*(\d+)/{totalParts}\s*│")), m => m.Success);
        var recorded = int.Parse(cell.Groups[1].Value, CultureInfo.InvariantCulture);
        Assert.Equal(sent, recorded);

        var (listCode, list) = await RunAsync(["list", $"file://{root}/"]);
        Assert.True(listCode == 0, list.ToString());
        Assert.True(list.Shows($"1 upload(s) in progress under file://{root}/"), list.ToString());

        var (resumeCode, resume) = await RunAsync(args);
        Assert.True(resumeCode == 0, resume.ToString());
        Assert.True(TestData.FilesEqual(source, objectPath), "the resumed object differs from the source");
        output.WriteLine(resume.ToString());
        Assert.True(resume.Shows($"rupload: resuming: {recorded} of {totalParts} parts ("), resume.ToString());
        Assert.True(resume.Shows($"{totalParts} part(s) of {PartSize} bytes, {recorded} resumed;"), resume.ToString());
        Assert.Contains($"100.0% 24.0 MiB of 24.0 MiB, parts {totalParts}/{totalParts}, ", resume.LastFrame, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(checkpoints, "*.ckpt"));

        var (afterCode, after) = await RunAsync(["status", "--checkpoint", "dir:" + checkpoints]);
        Assert.True(afterCode == 0, after.ToString());
        Assert.True(after.Shows($"No interrupted uploads in dir:{checkpoints}."), after.ToString());
    }

    [Fact]
    public async Task Abort_AfterCtrlC_RemovesUploadAndCheckpoint()
    {
        var (source, root, objectPath, checkpoints) = Layout(24L << 20);
        var (code, screen) = await RunInterruptedAsync(UploadArgs(source, objectPath, checkpoints, "--part-size", "100KiB", "--threads", "1"), root);
        Assert.True(code == 130, screen.ToString());

        var (abortCode, abort) = await RunAsync(["abort", source, "file://" + objectPath, "--checkpoint", "dir:" + checkpoints]);
        Assert.True(abortCode == 0, abort.ToString());
        Assert.True(abort.Shows($"Aborted the upload of {source} to file://{objectPath} and deleted its checkpoint."), abort.ToString());
        Assert.Empty(Directory.GetFiles(checkpoints, "*.ckpt"));
        Assert.Empty(Directory.GetDirectories(Path.Combine(root, ".rupload-uploads")));

        var (againCode, again) = await RunAsync(["abort", source, "file://" + objectPath, "--checkpoint", "dir:" + checkpoints]);
        Assert.True(againCode == 0, again.ToString());
        Assert.True(again.Shows($"No interrupted upload of {source} to file://{objectPath} in dir:{checkpoints}."), again.ToString());

        var (listCode, list) = await RunAsync(["list", $"file://{root}/"]);
        Assert.True(listCode == 0, list.ToString());
        Assert.True(list.Shows($"0 upload(s) in progress under file://{root}/"), list.ToString());
    }

    [Fact]
    public async Task Sweep_AfterCtrlC_DryRunListsThenAbortsTheUpload()
    {
        var (source, root, objectPath, checkpoints) = Layout(24L << 20);
        var (code, screen) = await RunInterruptedAsync(UploadArgs(source, objectPath, checkpoints, "--part-size", "100KiB", "--threads", "1"), root);
        Assert.True(code == 130, screen.ToString());

        var (dryCode, dry) = await RunAsync(["sweep", $"file://{root}/", "--older-than", "0s", "--dry-run"]);
        Assert.True(dryCode == 0, dry.ToString());
        Assert.Single(dry.Lines, l => l.StartsWith("would abort ", StringComparison.Ordinal) && l.EndsWith("  obj.bin", StringComparison.Ordinal));
        Assert.True(dry.Shows("1 upload(s) older than 0s would be aborted (dry run)"), dry.ToString());
        Assert.Single(Directory.GetDirectories(Path.Combine(root, ".rupload-uploads")));

        var (sweepCode, sweep) = await RunAsync(["sweep", $"file://{root}/", "--older-than", "0s"]);
        Assert.True(sweepCode == 0, sweep.ToString());
        Assert.Single(sweep.Lines, l => l.StartsWith("aborted ", StringComparison.Ordinal) && l.EndsWith("  obj.bin", StringComparison.Ordinal));
        Assert.True(sweep.Shows("1 upload(s) aborted, 0 failed"), sweep.ToString());
        Assert.Empty(Directory.GetDirectories(Path.Combine(root, ".rupload-uploads")));
    }

    public void Dispose() => temp.Dispose();

    private static string[] UploadArgs(string source, string objectPath, string checkpoints, params string[] more)
        => ["upload", source, "file://" + objectPath, "--checkpoint", "dir:" + checkpoints, .. more];

    private static int PartsDone(string frame) => int.Parse(PartsRegex().Match(frame).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"parts (\d+)/\d+")]
    private static partial Regex PartsRegex();

    private (string Source, string Root, string ObjectPath, string Checkpoints) Layout(long length)
    {
        var root = temp.SubDirectory("target");
        return (temp.RandomFile("source.bin", length, seed: 7), root, Path.Combine(root, "obj.bin"), temp.SubDirectory("checkpoints"));
    }

    private Task<(int ExitCode, TerminalScreen Screen)> RunAsync(string[] args) => PseudoTerminal.RunRuploadAsync(args, temp.SubDirectory("state"));

    /// <summary>Starts the upload on a terminal and sends it SIGINT once <see cref="InterruptAtParts"/> parts are on the target.</summary>
    private async Task<(int ExitCode, TerminalScreen Screen)> RunInterruptedAsync(string[] args, string root)
    {
        var state = temp.SubDirectory("state");
        var pidFile = Path.Combine(state, "rupload.pid");
        File.Delete(pidFile);
        using var terminal = PseudoTerminal.Start(PseudoTerminal.RuploadCommandLine(args, pidFile), state, new Dictionary<string, string> { ["RUPLOAD_STATE_DIR"] = state });
        var interrupted = await terminal.WhenAsync(
            root,
            () => KillResume.LocalPartsOnTarget(root) >= InterruptAtParts && File.Exists(pidFile) && new FileInfo(pidFile).Length > 0,
            () => PseudoTerminal.Interrupt(pidFile));
        var result = await terminal.WaitAsync(TimeSpan.FromMinutes(3));
        Assert.True(interrupted, $"the upload ended (exit {result.ExitCode}) before {InterruptAtParts} parts were on the target:\n{result.Screen}");
        return result;
    }
}
