using System.Globalization;

namespace ResumableUpload.E2E;

/// <summary>
/// CPU time used by the servers' processes during one case, read from /proc/&lt;pid&gt;/stat: the S3 server's (radosgw,
/// the OSD, the monitor; their pid files sit next to RUPLOAD_E2E_RGW_CONF) and Azurite's (one node process, its pid
/// file in RUPLOAD_E2E_AZURITE_DIR). On this machine the servers share the CPUs with the uploader, so their CPU per GiB
/// is half the story. Known only for servers run.sh started (or whose directories are exported); an idle server adds
/// next to nothing to another server's cases.
/// </summary>
internal static class ServerCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static double? Seconds()
    {
        var pidFiles = new List<string>();
        if (Environment.GetEnvironmentVariable("RUPLOAD_E2E_RGW_CONF") is { Length: > 0 } conf
            && Path.Combine(Path.GetDirectoryName(conf)!, "run") is var run && Directory.Exists(run))
        {
            pidFiles.AddRange(Directory.EnumerateFiles(run, "*.pid"));
        }

        if (Environment.GetEnvironmentVariable("RUPLOAD_E2E_AZURITE_DIR") is { Length: > 0 } azurite
            && Path.Combine(azurite, "azurite.pid") is var azuritePid && File.Exists(azuritePid))
        {
            pidFiles.Add(azuritePid);
        }

        if (pidFiles.Count == 0)
        {
            return null;
        }

        double total = 0;
        foreach (var pidFile in pidFiles)
        {
            var stat = $"/proc/{File.ReadAllText(pidFile).Trim()}/stat";
            if (!File.Exists(stat))
            {
                continue;
            }

            // Fields after the command name (which is in parentheses and may hold spaces): utime is the 14th, stime the 15th.
            var text = File.ReadAllText(stat);
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            total += (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
        }

        return total;
    }
}
