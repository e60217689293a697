using System.Diagnostics;
using System.Globalization;

namespace ResumableUpload.E2E;

/// <summary>One command to run: the executable, its arguments and the environment changes (null removes a variable).</summary>
internal sealed record Command(string File, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string?> Environment);

/// <summary>What one timed run cost: wall time, CPU time of the process and its children, and peak RSS.</summary>
internal sealed record Measurement(double WallSeconds, double UserSeconds, double SystemSeconds, long PeakRssKiB)
{
    /// <summary>Gets or sets the CPU time the S3 server used meanwhile, when known.</summary>
    public double? ServerCpuSeconds { get; init; }

    public double CpuSeconds => UserSeconds + SystemSeconds;
}

/// <summary>
/// Runs a command under GNU time (<c>/usr/bin/time</c>): CPU and peak RSS come from the kernel's rusage of the child,
/// so they are measured the same way for .NET, Go (rclone), Python (aws) and coreutils. Wall time is a stopwatch
/// around the whole process, start-up included: what a user of each tool waits for.
/// </summary>
internal static class TimedProcess
{
    public static async Task<Measurement> RunAsync(Command command, string logFile)
    {
        var usage = Path.GetTempFileName();
        var start = new ProcessStartInfo("/usr/bin/time") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (IEnumerable<string>)["-f", "%U %S %M", "-o", usage, command.File, .. command.Arguments])
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in command.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var serverBefore = ServerCpu.Seconds();
        var watch = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        var wall = watch.Elapsed.TotalSeconds;
        var serverCpu = ServerCpu.Seconds() - serverBefore;
        var output = await stdout + await stderr;
        await File.AppendAllTextAsync(logFile, $"$ {command.File} {string.Join(' ', command.Arguments)}\n{output}\n");
        var fields = (await File.ReadAllTextAsync(usage)).Split((char[])['\n', ' '], StringSplitOptions.RemoveEmptyEntries);
        File.Delete(usage);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(command.File)} exited with {process.ExitCode}: {Tail(output)}");
        }

        // GNU time writes "Command exited with non-zero status" first on failure; on success the three numbers are last.
        var n = fields.Length;
        return new Measurement(wall, Parse(fields[n - 3]), Parse(fields[n - 2]), long.Parse(fields[n - 1], CultureInfo.InvariantCulture)) { ServerCpuSeconds = serverCpu };
    }

    private static double Parse(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string Tail(string text) => text.Length <= 2000 ? text : text[^2000..];
}
