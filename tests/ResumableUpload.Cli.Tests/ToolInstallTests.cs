using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;
using ResumableUpload.TestSupport;
using Xunit.Abstractions;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// rupload installs as a .NET tool and the installed binary works: the CLI built for this test run is packed (no
/// rebuild), installed into a private tool path from that folder only, asked for its version, used for one upload,
/// and uninstalled. Nothing global is read or written: private tool path, NuGet config, package folder and state dir.
/// </summary>
public sealed class ToolInstallTests(ITestOutputHelper output) : IDisposable
{
    private const string PackageId = "ResumableUpload.Cli";
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(2);
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task PackInstallRunUninstall_PackedCli_VersionAndUploadWork()
    {
        var nupkgDir = temp.SubDirectory("nupkg");
        var toolPath = Path.Combine(temp.Path, "tools");

        // --no-build packs what the solution build produced. NuspecOutputPath and PublishDir keep pack's own outputs
        // out of the shared bin/obj folders. Package validation checks but never changes the package; off, pack took
        // 12.3-12.8 s instead of 14.6-16.3 s here (2 runs each, loaded 2-core machine).
        await DotnetAsync(
            "pack", Path.Combine(RepositoryRoot(), "src", PackageId, PackageId + ".csproj"), "-c", BuildConfiguration(), "--no-build", "-nologo", "-nodeReuse:false",
            "-o", nupkgDir, $"-p:NuspecOutputPath={temp.SubDirectory("nuspec")}/", $"-p:PublishDir={temp.SubDirectory("publish")}/", "-p:EnablePackageValidation=false");
        ForgetPublishBookkeeping();
        var version = PackageVersion(Assert.Single(Directory.GetFiles(nupkgDir, "*.nupkg")));

        // Only the packed folder is a source: a tool package carries all its dependencies, and no other feed can then
        // serve a package of the same id and version instead of this one.
        var config = temp.File("nuget.config");
        new XDocument(new XElement("configuration", new XElement("packageSources",
            new XElement("clear"), new XElement("add", new XAttribute("key", "packed"), new XAttribute("value", nupkgDir))))).Save(config);
        await DotnetAsync("tool", "install", "--tool-path", toolPath, "--configfile", config, PackageId, "--version", version);

        var rupload = Path.Combine(toolPath, OperatingSystem.IsWindows() ? "rupload.exe" : "rupload");
        var built = FileVersionInfo.GetVersionInfo(Rupload.DllPath).ProductVersion;
        var (code, stdout, all) = await RunAsync(rupload, ["--version"]);
        Assert.True(code == 0, all);
        Assert.Equal($"rupload {built}", stdout.TrimEnd());
        Assert.StartsWith($"rupload {version}", stdout, StringComparison.Ordinal);

        var source = temp.RandomFile("source.bin", 700_000, seed: 7);
        var target = Path.Combine(temp.SubDirectory("out"), "object.bin");
        var state = temp.SubDirectory("state");
        (code, _, all) = await RunAsync(rupload, ["upload", source, "file://" + target, "--part-size", "256KiB", "--progress", "none"], new() { ["RUPLOAD_STATE_DIR"] = state });
        Assert.True(code == 0, all);
        Assert.True(TestData.FilesEqual(source, target), $"{target} differs from {source}");
        Assert.Empty(Directory.GetFiles(Path.Combine(state, "checkpoints")));

        await DotnetAsync("tool", "uninstall", "--tool-path", toolPath, PackageId);
        Assert.False(File.Exists(rupload), $"{rupload} is still there after uninstall");
    }

    public void Dispose() => temp.Dispose();

    /// <summary>Pack's publish step lists its outputs in obj/…/PublishOutputs.&lt;hash of PublishDir&gt;.txt: one new file per run, as our PublishDir is new each time.</summary>
    private void ForgetPublishBookkeeping()
    {
        var obj = Path.Combine(RepositoryRoot(), "src", PackageId, "obj");
        foreach (var list in Directory.GetFiles(obj, "PublishOutputs.*.txt", SearchOption.AllDirectories).Where(f => File.ReadAllText(f).Contains(temp.Path, StringComparison.Ordinal)))
        {
            File.Delete(list);
        }
    }

    private static string PackageVersion(string nupkg)
    {
        using var zip = ZipFile.OpenRead(nupkg);
        var nuspec = Assert.Single(zip.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
        using var stream = nuspec.Open();
        var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
        var version = metadata.Elements().Single(e => e.Name.LocalName == "version").Value;
        Assert.Equal($"{PackageId}.{version}.nupkg", Path.GetFileName(nupkg));
        return version;
    }

    private static string BuildConfiguration()
        => typeof(ToolInstallTests).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
           ?? throw new Xunit.Sdk.XunitException("the test assembly has no AssemblyConfigurationAttribute");

    private async Task DotnetAsync(params string[] args)
    {
        var (code, _, text) = await RunAsync("dotnet", args);
        Assert.True(code == 0, $"dotnet {string.Join(' ', args)} exited with {code}:\n{text}");
    }

    private async Task<(int Code, string Stdout, string Output)> RunAsync(string fileName, IEnumerable<string> args, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = temp.Path };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        // The test host runs under MSBuild's environment; a child dotnet must resolve its own SDK, not inherit that.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["MSBUILDDISABLENODEREUSE"] = "1"; // no MSBuild node outlives the test
        info.Environment["NUGET_PACKAGES"] = Path.Combine(temp.Path, "nuget-packages");
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        if (Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            info.Environment["DOTNET_ROOT"] = Path.GetDirectoryName(host); // the installed tool's launcher finds this runtime
        }

        foreach (var (k, v) in environment ?? [])
        {
            info.Environment[k] = v;
        }

        output.WriteLine($"$ {fileName} {string.Join(' ', info.ArgumentList)}");
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StepTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"{fileName} {string.Join(' ', info.ArgumentList)} did not finish within {StepTimeout}");
        }

        var text = await stdout + await stderr;
        output.WriteLine($"{text}(exit {process.ExitCode} after {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s)");
        return (process.ExitCode, await stdout, text);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
            {
                return dir.FullName;
            }
        }

        throw new Xunit.Sdk.XunitException($"no Pipeline.sln above {AppContext.BaseDirectory}");
    }
}
