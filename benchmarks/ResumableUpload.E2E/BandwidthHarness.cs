using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ResumableUpload.E2E;

/// <summary>
/// <c>run --bandwidth</c>: rupload to a local folder with <c>--max-bandwidth</c> at each cap of <c>--caps</c>, and once
/// without a cap for reference, alternating each round; the report sets the achieved rate against the cap. The rate is
/// given three ways: from rupload's first byte sent to its last (what the cap governs: each JSON progress line's bytes
/// over its rate give its time), the rate rupload reports in its last line (since its display started: start-up
/// inside the process included), and the file's size over the process's wall time.
/// </summary>
internal static class BandwidthHarness
{
    public static async Task<int> RunAsync(HarnessOptions options)
    {
        var work = options.Directory;
        var log = Path.Combine(work, "e2e.log");
        Directory.CreateDirectory(work);
        File.WriteAllText(log, string.Empty);
        var file = SourceFiles.Get(work, options.Size);
        SourceFiles.Warm(file);
        var output = Path.Combine(work, "bandwidth-out");
        var caps = options.Caps.Select(c => (long?)c).Append(null).ToList();
        var rows = new List<(long? Cap, int Round, Measurement Run, (double Steady, double Reported) Rates)>();
        var loadBefore = MachineInfo.LoadAverage();
        for (var round = 0; round < options.Runs; round++)
        {
            foreach (var cap in caps.Skip(round % caps.Count).Concat(caps.Take(round % caps.Count)))
            {
                Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] cap {Describe(cap)} {Sizes.Format(options.Size)} run {round + 1} (load {MachineInfo.LoadAverage()})");
                Directory.CreateDirectory(output);
                var logged = new FileInfo(log).Length;
                var run = await TimedProcess.RunAsync(Command(options, file, output, cap), log);
                rows.Add((cap, round, run, Rates(log, logged)));
                Directory.Delete(output, recursive: true);
            }
        }

        var text = Report(options, rows, loadBefore, MachineInfo.LoadAverage());
        Console.WriteLine(text);
        if (options.Output is { } path)
        {
            await File.WriteAllTextAsync(path, text);
        }

        return 0;
    }

    private static Command Command(HarnessOptions options, string file, string output, long? cap)
    {
        List<string> args = ["upload", file, "file://" + Path.Combine(output, "object.bin"), "--checkpoint", "none", "--json", "--progress-interval", "0s",
            "--part-size", options.PartSize.ToString(CultureInfo.InvariantCulture), "--threads", options.Threads.ToString(CultureInfo.InvariantCulture)];
        if (cap is { } bytesPerSecond)
        {
            args.AddRange(["--max-bandwidth", bytesPerSecond.ToString(CultureInfo.InvariantCulture) + "/s"]);
        }

        return new Command(options.Rupload, args, new Dictionary<string, string?>());
    }

    /// <summary>From the run's JSON progress lines: the rate from its first byte sent to its last, and the rate of its last line.</summary>
    private static (double Steady, double Reported) Rates(string log, long from)
    {
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Position = from;
        var points = new StreamReader(stream).ReadToEnd().Split('\n')
            .Where(l => l.StartsWith("{\"event\":\"progress\"", StringComparison.Ordinal))
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Select(p => (Sent: p.GetProperty("sentBytes").GetDouble(), Rate: p.GetProperty("bytesPerSecond").GetDouble()))
            .Where(p => p.Sent > 0 && p.Rate > 0)
            .Select(p => (p.Sent, p.Rate, Seconds: p.Sent / p.Rate))
            .ToList();
        if (points.Count < 2)
        {
            throw new InvalidOperationException("the run wrote fewer than two progress lines with bytes sent");
        }

        var (first, last) = (points[0], points[^1]);
        return ((last.Sent - first.Sent) / (last.Seconds - first.Seconds), last.Rate);
    }

    private static string Report(HarnessOptions options, List<(long? Cap, int Round, Measurement Run, (double Steady, double Reported) Rates)> rows, string loadBefore, string loadAfter)
    {
        var text = new StringBuilder();
        ReportText.Header(text, $"# rupload --max-bandwidth: achieved rate against the cap ({Sizes.Format(options.Size)} to a local folder)", options, MachineInfo.Describe(), "rupload only (no server: file:// destination)", loadBefore, loadAfter);
        ReportText.Line(text, $"- Part size {Sizes.Format(options.PartSize)}, {options.Threads} threads, {options.Runs} run(s) per cap, caps alternating each round; medians.");
        ReportText.Line(text);
        ReportText.Line(text, "| cap | first to last byte | achieved / cap | rate rupload reports | size / wall (start-up incl.) | wall s | CPU s (user+sys) | peak RSS MiB |");
        ReportText.Line(text, "|---|---|---|---|---|---|---|---|");
        foreach (var group in rows.GroupBy(r => r.Cap))
        {
            var steady = ReportText.Median(group.Select(r => r.Rates.Steady));
            var reported = ReportText.Median(group.Select(r => r.Rates.Reported));
            var wall = ReportText.Median(group.Select(r => r.Run.WallSeconds));
            var ratio = group.Key is { } cap ? (steady / cap).ToString("0.000", CultureInfo.InvariantCulture) : "–";
            ReportText.Line(text, string.Create(
                CultureInfo.InvariantCulture,
                $"| {Describe(group.Key)} | {Rate(steady)} | {ratio} | {Rate(reported)} | {Rate(options.Size / wall)} | {wall:0.00} | {ReportText.Median(group.Select(r => r.Run.CpuSeconds)):0.00} | {ReportText.Median(group.Select(r => r.Run.PeakRssKiB / 1024.0)):0} |"));
        }

        return text.ToString();
    }

    private static string Describe(long? cap) => cap is { } c ? Rate(c) : "none";

    private static string Rate(double bytesPerSecond) => (bytesPerSecond / (1 << 20)).ToString("0.00", CultureInfo.InvariantCulture) + " MiB/s";
}
