using System.Diagnostics;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Reliability.Tests.BadInput;

/// <summary>
/// The rows of the README's bad-input table that need no server: each gets a specific message and exit code, no
/// stack trace, and loses nothing (the rows for S3 and Azure are in the targets' test project).
/// </summary>
public class LocalBadInputTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Upload_UnreadableFile_Exit2PermissionDenied()
    {
        // Under /tmp itself, so that 'nobody' can reach the folder (the test work folder is private).
        var open = Path.Combine("/tmp", "rupload-unreadable-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(open, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(open, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute);
        using var cleanup = new DeleteOnDispose(open);
        var source = Path.Combine(open, "secret.bin");
        File.WriteAllBytes(source, TestData.RandomBytes(1000));
        File.SetUnixFileMode(source, UnixFileMode.UserWrite);
        var outDir = open;

        // Root reads anything, so when the tests run as root the CLI runs as 'nobody' for this one case.
        string[] args = ["upload", source, $"file://{outDir}/o.bin", "--checkpoint", "none"];
        var (code, output) = Environment.UserName == "root" ? await RunAsNobodyAsync(args) : await Rupload.RunAsync(args);
        Assert.True(code == 2, $"exit {code}: {output}");
        Assert.Contains("cannot be read", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(outDir, "o.bin")));
    }

    [Fact]
    public async Task Upload_CheckpointDiskFull_Exit1KeepsResumableCheckpoint()
    {
        // A 16 KiB tmpfs holds the header and about 300 part records, then fills up mid-upload.
        var mount = temp.SubDirectory("tiny");
        Run("mount", "-t", "tmpfs", "-o", "size=16k", "tmpfs", mount);
        try
        {
            var source = temp.RandomFile("big.bin", 600L * 102_400, seed: 2);
            var outDir = temp.SubDirectory("out");
            string[] args = ["upload", source, $"file://{outDir}/o.bin", "--part-size", "100KiB", "--checkpoint", "dir:" + mount, "--progress", "none"];
            var (code, output) = await Rupload.RunAsync(args);
            Assert.True(code == 1, $"exit {code}: {output}");
            Assert.Contains("No space left on device", output, StringComparison.Ordinal);
            Assert.Contains("checkpoint is kept", output, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(outDir, "o.bin")));
            Assert.Single(Directory.GetFiles(mount, "*.ckpt"));

            // Nothing lost: the records that fitted are resumed by a run that has room (the checkpoint moved to a bigger disk).
            var roomy = temp.SubDirectory("roomy");
            foreach (var file in Directory.GetFiles(mount))
            {
                File.Copy(file, Path.Combine(roomy, Path.GetFileName(file)));
            }

            var (resumedCode, resumedOutput) = await Rupload.RunAsync(["upload", source, $"file://{outDir}/o.bin", "--part-size", "100KiB", "--checkpoint", "dir:" + roomy, "--progress", "none"]);
            Assert.True(resumedCode == 0, resumedOutput);
            Assert.Contains("resumed", resumedOutput, StringComparison.Ordinal);
            Assert.True(TestData.FilesEqual(source, Path.Combine(outDir, "o.bin")));
        }
        finally
        {
            Run("umount", mount);
        }
    }

    public void Dispose() => temp.Dispose();

    private sealed class DeleteOnDispose(string path) : IDisposable
    {
        public void Dispose() => Directory.Delete(path, recursive: true);
    }

    /// <summary>
    /// Runs the CLI as 'nobody'. The build output may sit under a folder only its owner can enter (a clone under
    /// <c>mktemp -d</c> is 0700), so the CLI's folder is first copied to a fresh 0755 folder under /tmp.
    /// </summary>
    private static async Task<(int, string)> RunAsNobodyAsync(string[] args)
    {
        var host = ReachableDotnetHost();
        var cli = Path.Combine("/tmp", "rupload-cli-" + Guid.NewGuid().ToString("N")[..8]);
        using var cleanup = new DeleteOnDispose(cli);
        CopyForEveryone(Path.GetDirectoryName(Rupload.DllPath)!, cli);
        var info = new ProcessStartInfo("setpriv") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "--reuid=65534", "--regid=65534", "--clear-groups", host, Path.Combine(cli, Path.GetFileName(Rupload.DllPath)) }.Concat(args))
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["HOME"] = "/tmp";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private const UnixFileMode EveryoneReadsAndEnters = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private static void CopyForEveryone(string from, string to)
    {
        Directory.CreateDirectory(to);
        File.SetUnixFileMode(to, EveryoneReadsAndEnters); // whatever the umask
        foreach (var file in Directory.GetFiles(from))
        {
            var copy = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, copy);
            File.SetUnixFileMode(copy, EveryoneReadsAndEnters);
        }

        foreach (var directory in Directory.GetDirectories(from))
        {
            CopyForEveryone(directory, Path.Combine(to, Path.GetFileName(directory)));
        }
    }

    /// <summary>The dotnet host on PATH, resolved, after checking that 'nobody' can enter every folder above it and run it.</summary>
    private static string ReachableDotnetHost()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "dotnet")).FirstOrDefault(File.Exists) ?? throw new InvalidOperationException("no dotnet on PATH");
        var host = File.ResolveLinkTarget(onPath, returnFinalTarget: true)?.FullName ?? onPath;
        Assert.True((File.GetUnixFileMode(host) & UnixFileMode.OtherExecute) != 0, $"'nobody' cannot run the dotnet host {host}");
        for (var folder = Path.GetDirectoryName(host); folder is not null; folder = Path.GetDirectoryName(folder))
        {
            Assert.True((File.GetUnixFileMode(folder) & UnixFileMode.OtherExecute) != 0, $"'nobody' cannot reach the dotnet host {host}: {folder} is not searchable by others");
        }

        return host;
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)} failed: {error}");
    }
}
