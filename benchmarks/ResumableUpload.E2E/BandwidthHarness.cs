using System.Globalization;
using System.Text;
using System.Text.Json;

namespace ResumableUpload.E2E;

/// <summary>
/// <c>run --bandwidth</c>: rupload to a local folder with <c>--max-bandwidth</c> at each cap of <c>--caps</c>, and once
/// without a cap for reference, alternating each round; the report sets the achieved rate against the cap. The rate is
/// given twice: the file's size over the process's wall time (start-up included), and the rate rupload itself reports
/// in its last JSON progress line (bytes sent over the time since its display started).
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
        var rows = new List<(long? Cap, int Round, Measurement Run, double Reported)>();
        var loadBefore = MachineInfo.LoadAverage();
        for (var round = 0; round < options.Runs; round++)
        {
            foreach (var cap in caps.Skip(round % caps.Count).Concat(caps.Take(round % caps.Count)))
            {
                Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] cap {Describe(cap)} {Sizes.Format(options.Size)} run {round + 1} (load {MachineInfo.LoadAverage()})");
                Directory.CreateDirectory(output);
                var logged = new FileInfo(log).Length;
                var run = await TimedProcess.RunAsync(Command(options, file, output, cap), log);
                rows.Add((cap, round, run, LastReportedRate(log, logged)));
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

    /// <summary>The <c>bytesPerSecond</c> of the last progress line the run wrote to the log.</summary>
    private static double LastReportedRate(string log, long from)
    {
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Position = from;
        var last = new StreamReader(stream).ReadToEnd().Split('\n').LastOrDefault(l => l.StartsWith("{\"event\":\"progress\"", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("the run wrote no progress line");
        return JsonDocument.Parse(last).RootElement.GetProperty("bytesPerSecond").GetDouble();
    }

    private static string Report(HarnessOptions options, List<(long? Cap, int Round, Measurement Run, double Reported)> rows, string loadBefore, string loadAfter)
    {
        var text = new StringBuilder();
        ReportText.Header(text, $"# rupload --max-bandwidth: achieved rate against the cap ({Sizes.Format(options.Size)} to a local folder)", options, MachineInfo.Describe(), "rupload only (no server: file:// destination)", loadBefore, loadAfter);
        ReportText.Line(text, $"- Part size {Sizes.Format(options.PartSize)}, {options.Threads} threads, {options.Runs} run(s) per cap, caps alternating each round; medians.");
        ReportText.Line(text);
        ReportText.Line(text, "| cap | rate reported by rupload | reported / cap | size / wall (start-up incl.) | wall s | CPU s (user+sys) | peak RSS MiB |");
        ReportText.Line(text, "|---|---|---|---|---|---|---|");
        foreach (var group in rows.GroupBy(r => r.Cap))
        {
            var reported = ReportText.Median(group.Select(r => r.Reported));
            var wall = ReportText.Median(group.Select(r => r.Run.WallSeconds));
            var ratio = group.Key is { } cap ? (reported / cap).ToString("0.000", CultureInfo.InvariantCulture) : "–";
            ReportText.Line(text, string.Create(
                CultureInfo.InvariantCulture,
                $"| {Describe(group.Key)} | {Rate(reported)} | {ratio} | {Rate(options.Size / wall)} | {wall:0.00} | {ReportText.Median(group.Select(r => r.Run.CpuSeconds)):0.00} | {ReportText.Median(group.Select(r => r.Run.PeakRssKiB / 1024.0)):0} |"));
        }

        return text.ToString();
    }

    private static string Describe(long? cap) => cap is { } c ? Rate(c) : "none";

    private static string Rate(double bytesPerSecond) => (bytesPerSecond / (1 << 20)).ToString("0.00", CultureInfo.InvariantCulture) + " MiB/s";
}
