using System.Diagnostics;
using System.IO.Compression;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using ResumableUpload.TestSupport;
using Xunit.Abstractions;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// rupload installs as a .NET tool and the installed binary works. The CLI ships as RID-specific tool packages
/// (DECISIONS 41): a pointer package and one package per RID. This packs the pointer and this host's RID package only,
/// without ReadyToRun (precompiling every assembly takes minutes; the release pack and scripts/publish-cli.sh do it),
/// installs into a private tool path from that folder only, checks the host's package was chosen, asks for the
/// version, uploads once, and uninstalls. Nothing global is written but the CLI's RID build under its bin/obj and the
/// restore of src/ for this RID; the tool path, NuGet config, tool package folder and state dir are private.
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

        // First this RID's package: a RID build of the CLI alone (its references are the solution build's; their
        // analyzers already ran on the same sources), published without ReadyToRun. Then the pointer package, from
        // no build. NuspecOutputPath and PublishDir keep pack's own outputs out of the shared bin/obj folders. Restore
        // uses the machine's package folder, as the solution build did (a private one would download every package).
        var rid = RuntimeInformation.RuntimeIdentifier;
        string[] common = [Path.Combine(RepositoryRoot(), "src", PackageId, PackageId + ".csproj"), "-c", BuildConfiguration(), "-nologo", "-nodeReuse:false", "-o", nupkgDir,
            $"-p:NuspecOutputPath={temp.SubDirectory("nuspec")}/", $"-p:PublishDir={temp.SubDirectory("publish")}/", $"-p:ToolPackageRuntimeIdentifiers={rid}", "-p:EnablePackageValidation=false"];
        await DotnetAsync(["pack", .. common, "-r", rid, "-p:PublishReadyToRun=false", "-p:BuildProjectReferences=false", "-p:RunAnalyzers=false"], privatePackages: false);
        await DotnetAsync(["pack", .. common, "--no-build", "-p:CreateRidSpecificToolPackages=false"], privatePackages: false);
        ForgetPublishBookkeeping();
        var packages = Directory.GetFiles(nupkgDir, "*.nupkg");
        var version = PackageVersion(Assert.Single(packages, f => !Path.GetFileName(f).StartsWith($"{PackageId}.{rid}.", StringComparison.Ordinal)));
        Assert.Equal([$"{PackageId}.{version}.nupkg", $"{PackageId}.{rid}.{version}.nupkg"], packages.Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // Only the packed folder is a source: a tool package carries all its dependencies, and no other feed can then
        // serve a package of the same id and version instead of this one.
        var config = temp.File("nuget.config");
        new XDocument(new XElement("configuration", new XElement("packageSources",
            new XElement("clear"), new XElement("add", new XAttribute("key", "packed"), new XAttribute("value", nupkgDir))))).Save(config);
        await DotnetAsync(["tool", "install", "--tool-path", toolPath, "--configfile", config, PackageId, "--version", version]);
        var store = Path.Combine(toolPath, ".store");
        Assert.True(
            Directory.EnumerateDirectories(store, $"{PackageId}.{rid}", new EnumerationOptions { RecurseSubdirectories = true, MatchCasing = MatchCasing.CaseInsensitive }).Any(),
            $"the pointer package did not install {PackageId}.{rid} (under {store})");

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

        // A directory through the installed tool: the batch re-executes the tool's own executable (DECISIONS 49).
        var tree = temp.SubDirectory("tree");
        var inTree = Path.Combine(tree, "a.bin");
        TestData.WriteRandomFile(inTree, 3000, seed: 8);
        var outTree = temp.SubDirectory("out-tree");
        (code, _, all) = await RunAsync(rupload, ["upload", tree, $"file://{outTree}/", "--progress", "none", "--verbose"], new() { ["RUPLOAD_STATE_DIR"] = state });
        Assert.True(code == 0, all);
        Assert.Contains("batch runtime: tiered compilation off", all, StringComparison.Ordinal);
        Assert.True(TestData.FilesEqual(inTree, Path.Combine(outTree, "a.bin")), all);

        await DotnetAsync(["tool", "uninstall", "--tool-path", toolPath, PackageId]);
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

    private async Task DotnetAsync(string[] args, bool privatePackages = true)
    {
        var (code, _, text) = await RunAsync("dotnet", args, privatePackages: privatePackages);
        Assert.True(code == 0, $"dotnet {string.Join(' ', args)} exited with {code}:\n{text}");
    }

    private async Task<(int Code, string Stdout, string Output)> RunAsync(string fileName, IEnumerable<string> args, Dictionary<string, string>? environment = null, bool privatePackages = true)
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
        if (privatePackages)
        {
            info.Environment["NUGET_PACKAGES"] = Path.Combine(temp.Path, "nuget-packages");
        }

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
