using System.Globalization;

namespace ResumableUpload.E2E;

/// <summary>
/// CPU time used by the S3 server's processes (radosgw, the OSD, the monitor) during one case, read from
/// /proc/&lt;pid&gt;/stat. On this machine the server shares the CPUs with the uploader, so its CPU per GiB is half the
/// story. Known only for a server run.sh started (its pid files sit next to RUPLOAD_E2E_RGW_CONF).
/// </summary>
internal static class ServerCpu
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    public static double? Seconds()
    {
        if (Environment.GetEnvironmentVariable("RUPLOAD_E2E_RGW_CONF") is not { Length: > 0 } conf
            || Path.Combine(Path.GetDirectoryName(conf)!, "run") is var run && !Directory.Exists(run))
        {
            return null;
        }

        double total = 0;
        foreach (var pidFile in Directory.EnumerateFiles(run, "*.pid"))
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
