using System.Globalization;
using System.Text;
using static ResumableUpload.E2E.ReportText;

namespace ResumableUpload.E2E;

/// <summary>The stream run's Markdown: the table, the goals of issue 12 and the memory limit.</summary>
internal sealed class StreamReport(HarnessOptions options, long firstRunBytes)
{
    private readonly List<(StreamCase Case, Measurement Measurement)> results = [];

    public List<string> Problems { get; } = [];

    /// <summary>Gets the lines of output the cases had to print (the replay's "N parts verified, not sent").</summary>
    public List<string> Outputs { get; } = [];

    public string LoadBefore { get; set; } = string.Empty;

    public string LoadAfter { get; set; } = string.Empty;

    private long RssLimitMiB => (options.PartSize * (options.Threads + 2) >> 20) + 100;

    public void Add(StreamCase c, Measurement measurement) => results.Add((c, measurement));

    public string ToMarkdown(string machine, string versions)
    {
        var text = new StringBuilder();
        ReportText.Header(text, $"# End-to-end, streams (stdin): {Sizes.Format(options.Size)}, {Sizes.Format(options.PartSize)} parts × {options.Threads} threads, median of {options.Runs}", options, machine, versions, LoadBefore, LoadAfter);
        Line(text, "- Each case is `bash -c 'set -o pipefail; cat <file> | <uploader>'` under GNU time, the file warm in the page cache. MB/s = 10^6 bytes per second of the pipeline's wall time (start-up included); client CPU s = user + system of bash, cat and the uploader; peak RSS = the largest process of the pipeline (the uploader). Server CPU s = radosgw + OSD + monitor meanwhile. Each run's object is checked for its length on the server, then deleted.");
        Line(text, $"- The replay case: an untimed first run sends `head -c {firstRunBytes} <file>` ({100.0 * firstRunBytes / options.Size:F1} % of the stream, whole parts) with `--no-complete-on-eof`; the timed run is the full `cat <file> | rupload upload -` with the same checkpoint; its output must say \"parts verified, not sent\".");
        Line(text);
        Line(text, "| case | what | MB/s (median) | wall s (median) | client CPU s (median) | server CPU s (median) | peak RSS MiB (max) |");
        Line(text, "|---|---|---:|---:|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => r.Case.Name))
        {
            var server = group.Select(r => r.Measurement.ServerCpuSeconds).Where(v => v is not null).Select(v => v!.Value).ToList();
            var serverText = server.Count > 0 ? Median(server).ToString("F2", CultureInfo.InvariantCulture) : "–";
            Line(text, $"| {group.Key} | {group.First().Case.Description} | {Median(group.Select(r => options.Size / 1e6 / r.Measurement.WallSeconds)):F0} | {Wall(group.Key):F1} | {Median(group.Select(r => r.Measurement.CpuSeconds)):F2} | {serverText} | {group.Max(r => r.Measurement.PeakRssKiB) / 1024} |");
        }

        Line(text);
        Line(text, "## Goals (issue 12)");
        Line(text);
        Line(text, "| goal | ratio | target | met |");
        Line(text, "|---|---:|---:|---|");
        var peers = results.Select(r => r.Case.Name).Where(n => n.StartsWith("stream-peer-", StringComparison.Ordinal)).Distinct().Where(p => !double.IsNaN(Wall(p))).ToList();
        var best = peers.Count == 0 ? null : peers.MinBy(Wall);
        Goal(text, $"stdin rupload MB/s / best peer ({best ?? "none"})", best is null ? double.NaN : Wall(best) / Wall("stream-rupload"), 1.2, atLeast: true);
        Goal(text, "stdin rupload MB/s / TransferUtility (non-seekable)", Wall("stream-peer-tu") / Wall("stream-rupload"), 2.0, atLeast: true);
        Goal(text, $"replay wall / fresh wall (first {100.0 * firstRunBytes / options.Size:F1} % sent before)", Wall("stream-rupload-replay") / Wall("stream-rupload"), 0.25, atLeast: false);

        Line(text);
        Line(text, $"## Memory: peak RSS against part size × (threads + 2) + 100 MiB = {RssLimitMiB} MiB");
        Line(text);
        Line(text, "| case | peak RSS MiB (max) | within limit |");
        Line(text, "|---|---:|---|");
        foreach (var group in results.Where(r => r.Case.Name.StartsWith("stream-rupload", StringComparison.Ordinal)).GroupBy(r => r.Case.Name))
        {
            var peak = group.Max(r => r.Measurement.PeakRssKiB) / 1024;
            Line(text, $"| {group.Key} | {peak} | {(peak <= RssLimitMiB ? "yes" : "**no**")} |");
        }

        Bullets(text, "Output checked", Outputs);
        Bullets(text, "Problems", Problems);
        return text.ToString();
    }

    private static void Bullets(StringBuilder text, string title, List<string> items)
    {
        if (items.Count > 0)
        {
            Line(text);
            Line(text, "## " + title);
            Line(text);
            items.ForEach(item => Line(text, "- " + item));
        }
    }

    private double Wall(string name)
    {
        var walls = results.Where(r => r.Case.Name == name).Select(r => r.Measurement.WallSeconds).ToList();
        return walls.Count == 0 ? double.NaN : Median(walls);
    }

    private static void Goal(StringBuilder text, string what, double ratio, double target, bool atLeast)
    {
        var met = double.IsNaN(ratio) ? "not measured" : (atLeast ? ratio >= target : ratio <= target) ? "yes" : "**no**";
        Line(text, string.Create(CultureInfo.InvariantCulture, $"| {what} | {(double.IsNaN(ratio) ? "–" : ratio.ToString("F2", CultureInfo.InvariantCulture))} | {(atLeast ? "≥" : "≤")} {target} | {met} |"));
    }

}
