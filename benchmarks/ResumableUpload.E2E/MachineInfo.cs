using System.Diagnostics;

namespace ResumableUpload.E2E;

/// <summary>What the table must say about the machine: cores, RAM, kernel, CPU, load, tool versions.</summary>
internal static class MachineInfo
{
    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();

    public static string Describe()
    {
        var memTotal = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1];
        var cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var kernel = File.ReadAllText("/proc/sys/kernel/osrelease").Trim();
        var ram = long.Parse(memTotal, System.Globalization.CultureInfo.InvariantCulture) / (1024.0 * 1024.0);
        return $"nproc {Environment.ProcessorCount}, RAM {ram:F1} GiB, kernel {kernel}, CPU {cpu}, .NET {Environment.Version}";
    }

    public static string Versions() => string.Join("; ", new[]
    {
        Version("/usr/bin/rclone", "version"),
        Version(Aws, "--version"),
        PathAws is { } pathAws ? Version(pathAws, "--version") : string.Empty,
        Version("/usr/bin/radosgw", "--version"),
    }.Where(v => v.Length > 0));

    /// <summary>Gets the aws CLI the stream cases run: Debian's in /usr/bin, else the first on PATH.</summary>
    public static string Aws => File.Exists("/usr/bin/aws") ? "/usr/bin/aws" : OnPath("aws");

    /// <summary>
    /// Gets the aws CLI first on PATH when Debian's is also installed and the two differ (here pyenv's awscli v1, faster
    /// than Debian's v2 on a stream), or <see langword="null"/>: the harness runs both, and the faster is the best peer.
    /// </summary>
    public static string? PathAws => File.Exists("/usr/bin/aws") && OnPath("aws") is var onPath && onPath != "/usr/bin/aws" && File.Exists(onPath) ? onPath : null;

    /// <summary>The first <paramref name="name"/> on PATH (aws may come from pyenv), or the name itself.</summary>
    private static string OnPath(string name)
        => (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists) ?? name;

    private static string Version(string file, string argument)
    {
        if (!File.Exists(file))
        {
            return string.Empty;
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, argument) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var text = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? string.Empty;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return string.Empty;
        }
    }
}
