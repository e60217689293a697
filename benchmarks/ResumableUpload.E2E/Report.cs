using System.Globalization;
using System.Text;
using static ResumableUpload.E2E.ReportText;

namespace ResumableUpload.E2E;

/// <summary>The measurements of one run and the Markdown they become: the table, the goal ratios, the memory sweep.</summary>
internal sealed class Report(HarnessOptions options, string machine, string versions, IReadOnlyList<string> skipped)
{
    private readonly List<(E2ECase Case, long Size, Measurement Measurement)> results = [];

    public List<string> Problems { get; } = [];

    public string LoadBefore { get; set; } = string.Empty;

    public string LoadAfter { get; set; } = string.Empty;

    private long RssLimitMiB => (options.PartSize * (options.Threads + 2) >> 20) + 100;

    public void Add(E2ECase c, long size, Measurement measurement) => results.Add((c, size, measurement));

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        ReportText.Header(text, $"# End-to-end: {Sizes.Format(options.Size)}, {Sizes.Format(options.PartSize)} parts × {options.Threads} threads, median of {options.Runs}", options, machine, versions, LoadBefore, LoadAfter);
        Line(text, "- MB/s = 10^6 bytes per second of wall time of the whole process (start-up included), median of the runs, file warm in the page cache; client CPU s = user + system time of the process and its children; server CPU s = CPU time of radosgw + OSD + monitor, and of Azurite (node), meanwhile (when run.sh started the server, or RUPLOAD_E2E_RGW_CONF / RUPLOAD_E2E_AZURITE_DIR name it); RSS = peak resident set (GNU time). Cases alternate within each round.");
        foreach (var s in skipped)
        {
            Line(text, $"- Not measured: {s}");
        }

        Line(text);
        Line(text, "| case | what | MB/s (median) | min–max | client CPU s (median) | server CPU s (median) | peak RSS MiB (max) |");
        Line(text, "|---|---|---:|---:|---:|---:|---:|");
        foreach (var group in results.Where(r => r.Size == options.Size).GroupBy(r => r.Case.Name))
        {
            var rates = group.Select(r => Rate(r.Size, r.Measurement)).ToList();
            var server = group.Key.Contains("s3", StringComparison.Ordinal) || group.Key.Contains("azur", StringComparison.Ordinal) || group.Key.StartsWith("peer-", StringComparison.Ordinal)
                ? group.Select(r => r.Measurement.ServerCpuSeconds).Where(v => v is not null).Select(v => v!.Value).ToList()
                : [];
            var serverText = server.Count > 0 ? Median(server).ToString("F2", CultureInfo.InvariantCulture) : "–";
            Line(text, $"| {group.Key} | {group.First().Case.Description} | {Median(rates):F0} | {rates.Min():F0}–{rates.Max():F0} | {Median(group.Select(r => r.Measurement.CpuSeconds)):F2} | {serverText} | {group.Max(r => r.Measurement.PeakRssKiB) / 1024} |");
        }

        Line(text);
        Line(text, "## Goals");
        Line(text);
        Line(text, "| goal | ratio (median MB/s over median MB/s) | target | met |");
        Line(text, "|---|---:|---:|---|");
        Goal(text, "rupload → null: / read + CRC ceiling", "rupload-null", "ceiling-crc", 0.8);
        Goal(text, "rupload → local folder / cp + sync", "rupload-file", "ceiling-cp-fsync", 0.8);
        Goal(text, "rupload → local folder / cp (informative: cp leaves the copy in the page cache, not on the disk)", "rupload-file", "ceiling-cp", null);
        Goal(text, "client CPU s: cp / rupload → local folder (≥ 0.5: ours at most 2 × cp's)", "ceiling-cp", "rupload-file", 0.5, cpu: true);
        Goal(text, "rupload → S3 / TransferUtility", "rupload-s3", "peer-tu", 1.2);
        Goal(text, "rupload → S3 / rclone", "rupload-s3", "peer-rclone", 1.0);
        Goal(text, "rupload → S3 / aws s3 cp (informative)", "rupload-s3", "peer-aws", null);
        Goal(text, "rupload → S3 --s3-unsigned-payload / TransferUtility", "rupload-s3-unsigned", "peer-tu", 1.2);
        Goal(text, "rupload → S3 --s3-unsigned-payload / rclone", "rupload-s3-unsigned", "peer-rclone", 1.0);
        Goal(text, "client CPU s: TransferUtility / rupload → S3 (informative)", "peer-tu", "rupload-s3", null, cpu: true);
        Goal(text, "rupload → Azure (Azurite) / BlobClient.UploadAsync", "rupload-azurite", "peer-azure-sdk", 1.2);
        Goal(text, "client CPU s: BlobClient.UploadAsync / rupload → Azure (informative)", "peer-azure-sdk", "rupload-azurite", null, cpu: true);

        Line(text);
        Line(text, $"## Memory: peak RSS against part size × (threads + 2) + 100 MiB = {RssLimitMiB} MiB");
        Line(text);
        Line(text, "| file size | case | MB/s | peak RSS MiB | within limit |");
        Line(text, "|---:|---|---:|---:|---|");
        foreach (var r in results.Where(r => r.Case.Group == "rupload").OrderBy(r => r.Case.Name).ThenBy(r => r.Size).GroupBy(r => (r.Case.Name, r.Size)))
        {
            var peak = r.Max(x => x.Measurement.PeakRssKiB) / 1024;
            Line(text, $"| {Sizes.Format(r.Key.Size)} | {r.Key.Name} | {Median(r.Select(x => Rate(x.Size, x.Measurement))):F0} | {peak} | {(peak <= RssLimitMiB ? "yes" : "**no**")} |");
        }

        if (Problems.Count > 0)
        {
            Line(text);
            Line(text, "## Problems");
            foreach (var p in Problems)
            {
                Line(text, "- " + p);
            }
        }

        return text.ToString();
    }

    private static double Rate(long size, Measurement m) => size / 1e6 / m.WallSeconds;

    private void Goal(StringBuilder text, string name, string ours, string theirs, double? target, bool cpu = false)
    {
        var a = results.Where(r => r.Size == options.Size && r.Case.Name == ours).ToList();
        var b = results.Where(r => r.Size == options.Size && r.Case.Name == theirs).ToList();
        if (a.Count == 0 || b.Count == 0)
        {
            Line(text, $"| {name} | not measured | {Target(target)} | – |");
            return;
        }

        var ratio = cpu
            ? Median(a.Select(r => r.Measurement.CpuSeconds)) / Median(b.Select(r => r.Measurement.CpuSeconds))
            : Median(a.Select(r => Rate(r.Size, r.Measurement))) / Median(b.Select(r => Rate(r.Size, r.Measurement)));
        var met = target is null ? "–" : ratio >= target ? "yes" : "**no**";
        Line(text, $"| {name} | {ratio.ToString("F2", CultureInfo.InvariantCulture)} | {Target(target)} | {met} |");
    }

    private static string Target(double? target) => target is { } t ? "≥ " + t.ToString("F1", CultureInfo.InvariantCulture) : "–";
}
