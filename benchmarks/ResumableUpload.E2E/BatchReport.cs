using System.Globalization;
using System.Text;
using static ResumableUpload.E2E.ReportText;

namespace ResumableUpload.E2E;

/// <summary>The batch measurements and the Markdown they become: one table per tree, the goal ratios, the memory goals.</summary>
internal sealed class BatchReport(HarnessOptions options, IReadOnlyDictionary<string, SourceTree> trees, string machine, string versions, IReadOnlyList<string> skipped)
{
    private const long ManyFilesRssLimitMiB = 200;

    private readonly List<(BatchCase Case, Measurement Measurement)> results = [];

    public List<string> Problems { get; } = [];

    public string LoadBefore { get; set; } = string.Empty;

    public string LoadAfter { get; set; } = string.Empty;

    // Parts in flight across a batch: the engine's limit on requests in flight (rupload's default; the CLI has no flag),
    // which also caps its part-buffer budget at part size × (limit + 2). --threads is per file.
    private static int PartsInFlight => UploadOptions.DefaultMaxRequestsInFlight;

    private long MixedRssLimitMiB => (options.PartSize * (PartsInFlight + 2) >> 20) + 100;

    public void Add(BatchCase c, Measurement measurement) => results.Add((c, measurement));

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        ReportText.Header(text, $"# End-to-end, batch: {options.FilesInFlight} files in flight (every peer's concurrency), {Sizes.Format(options.PartSize)} parts, rupload --threads {options.Threads}, median of {options.Runs}", options, machine, versions, LoadBefore, LoadAfter);
        foreach (var tree in trees.Values)
        {
            Line(text, $"- Tree `{tree.Name}`: {tree.Files} files, {tree.Bytes} bytes ({tree.Root})");
        }

        Line(text, $"- Same settings for all: concurrency N = {options.FilesInFlight} (rupload `--files-in-flight`, TransferUtility `ConcurrentServiceRequests` with `UploadFilesConcurrently`, rclone `--transfers`, awscli `max_concurrent_requests`); part size and multipart threshold {Sizes.Format(options.PartSize)} (rclone `--s3-chunk-size`/`--s3-upload-cutoff`, awscli `multipart_chunksize`/`multipart_threshold`, TransferUtility `PartSize`/`MinSizeBeforePartUpload`); rclone keeps its default `--s3-upload-concurrency` 4; rupload uses a fresh `dir:` checkpoint store.");
        Line(text, "- files/s and MB/s (10^6 bytes/s) are of the wall time of the whole process, start-up and directory walk included, median of the runs, trees warm in the page cache; client CPU s = user + system of the process and its children; server CPU s = radosgw + OSD + monitor meanwhile (when run.sh started the server); RSS = peak resident set (GNU time). After each run the harness lists the prefix (count, every key and length) and empties the bucket.");
        foreach (var s in skipped)
        {
            Line(text, $"- Not measured: {s}");
        }

        foreach (var workload in (string[])["small", "mixed", "many"])
        {
            var rows = results.Where(r => r.Case.Workload == workload).GroupBy(r => r.Case.Name).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            var tree = trees[workload];
            Line(text);
            Line(text, $"## `{workload}`: {tree.Files} files, {tree.Bytes} bytes");
            Line(text);
            Line(text, "| case | what | files/s (median) | MB/s (median) | MB/s min–max | wall s (median) | client CPU s (median) | server CPU s (median) | peak RSS MiB (max) | runs |");
            Line(text, "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var group in rows)
            {
                var rates = group.Select(r => tree.Bytes / 1e6 / r.Measurement.WallSeconds).ToList();
                var server = group.Select(r => r.Measurement.ServerCpuSeconds).Where(v => v is not null).Select(v => v!.Value).ToList();
                var serverText = server.Count > 0 ? Median(server).ToString("F2", CultureInfo.InvariantCulture) : "–";
                Line(text, $"| {group.Key} | {group.First().Case.Description} | {Median(group.Select(r => tree.Files / r.Measurement.WallSeconds)):F0} | {Median(rates):F1} | {rates.Min():F1}–{rates.Max():F1} | {Median(group.Select(r => r.Measurement.WallSeconds)):F1} | {Median(group.Select(r => r.Measurement.CpuSeconds)):F2} | {serverText} | {group.Max(r => r.Measurement.PeakRssKiB) / 1024} | {group.Count()} |");
            }
        }

        Line(text);
        Line(text, "## Goals");
        Line(text);
        Line(text, "| goal | ratio (rupload median over the best peer's median) | best peer | target | met |");
        Line(text, "|---|---:|---|---:|---|");
        Goal(text, "small: files/s, rupload / best peer", "small", "batch-small-rupload", 1.5);
        Goal(text, "mixed: MB/s, rupload / best peer", "mixed", "batch-mixed-rupload", 1.2);
        Goal(text, "small: files/s, rupload --s3-unsigned-payload / best peer (opt-in)", "small", "batch-small-rupload-unsigned", 1.5);
        Goal(text, "mixed: MB/s, rupload --s3-unsigned-payload / best peer (opt-in)", "mixed", "batch-mixed-rupload-unsigned", 1.2);
        Goal(text, "small: files/s, library (no CLI) / best peer (informative)", "small", "batch-small-library", null);
        Goal(text, "mixed: MB/s, library (no CLI) / best peer (informative)", "mixed", "batch-mixed-library", null);
        Line(text);
        Line(text, "| memory goal | peak RSS MiB (max of the runs) | limit MiB | met |");
        Line(text, "|---|---:|---:|---|");
        Memory(text, $"mixed, rupload → S3: part size × (parts in flight + 2) + 100 MiB = {Sizes.Format(options.PartSize)} × ({PartsInFlight} + 2) + 100 MiB (parts in flight: the engine's MaxRequestsInFlight, default; --threads {options.Threads} per file)", "batch-mixed-rupload", MixedRssLimitMiB);
        Memory(text, $"many, rupload → null://p/ ({(trees.TryGetValue("many", out var many) ? many.Files : 0)} files)", "batch-many-null", ManyFilesRssLimitMiB);

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

    // Files/s and MB/s give the same ratio on one tree (same files, same bytes): the goal names the unit it is stated in.
    private void Goal(StringBuilder text, string name, string workload, string oursCase, double? target)
    {
        var ours = results.Where(r => r.Case.Name == oursCase).Select(r => r.Measurement.WallSeconds).ToList();
        var peers = results.Where(r => r.Case.Workload == workload && r.Case.Group == "peer").GroupBy(r => r.Case.Name)
            .Select(g => (Name: g.Key, Wall: Median(g.Select(r => r.Measurement.WallSeconds)))).OrderBy(p => p.Wall).ToList();
        if (ours.Count == 0 || peers.Count == 0)
        {
            Line(text, $"| {name} | not measured | – | {Target(target)} | – |");
            return;
        }

        var ratio = peers[0].Wall / Median(ours);
        var met = target is null ? "–" : ratio >= target ? "yes" : "**no**";
        Line(text, $"| {name} | {ratio.ToString("F2", CultureInfo.InvariantCulture)} | {peers[0].Name} | {Target(target)} | {met} |");
    }

    private static string Target(double? target) => target is { } t ? "≥ " + t.ToString("F1", CultureInfo.InvariantCulture) : "–";

    private void Memory(StringBuilder text, string name, string caseName, long limitMiB)
    {
        var runs = results.Where(r => r.Case.Name == caseName).ToList();
        if (runs.Count == 0)
        {
            Line(text, $"| {name} | not measured | {limitMiB} | – |");
            return;
        }

        var peak = runs.Max(r => r.Measurement.PeakRssKiB) / 1024;
        Line(text, $"| {name} | {peak} | {limitMiB} | {(peak <= limitMiB ? "yes" : "**no**")} |");
    }
}
