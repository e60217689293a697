namespace ResumableUpload.E2E;

/// <summary>
/// The batch (directory) comparison: generate the source trees once, then for each round run every case of each
/// tree in an order that rotates each round, checking after each run that every object arrived and emptying the
/// bucket; the million-file memory case runs once, at the end. Prints one Markdown report.
/// </summary>
internal static class BatchHarness
{
    public static async Task<int> RunAsync(HarnessOptions options)
    {
        var work = options.Directory;
        var log = Path.Combine(work, "e2e-batch.log");
        Directory.CreateDirectory(work);
        File.WriteAllText(log, string.Empty);
        bool Wanted(string workload) => options.Only.Count == 0 || options.Only.Any(c => c.StartsWith($"batch-{workload}-", StringComparison.Ordinal));

        var trees = new Dictionary<string, SourceTree>();
        if (S3Admin.Endpoint is not null)
        {
            await S3Admin.EnsureBucketAsync(CaseCatalog.Bucket);
            await S3Admin.DeletePrefixAsync(CaseCatalog.Bucket, BatchCatalog.Root);
            if (Wanted("small"))
            {
                trees["small"] = SourceTrees.Small(work, options.SmallFiles, options.SmallFileSize);
            }

            if (Wanted("mixed"))
            {
                trees["mixed"] = SourceTrees.Mixed(work, options.MixedSize);
            }
        }

        if (options.ManyFiles > 0 && Wanted("many"))
        {
            trees["many"] = SourceTrees.Many(work, options.ManyFiles);
        }

        var catalog = new BatchCatalog(options, work, trees);
        var cases = catalog.All();
        var report = new BatchReport(options, trees, MachineInfo.Describe(), MachineInfo.Versions(), catalog.Skipped);
        // Not the million-file tree: reading it takes longer than the case, and it was just written or is a memory case.
        foreach (var (_, tree) in trees.Where(t => t.Key != "many" || t.Value.Files <= 100_000))
        {
            SourceTrees.Warm(tree);
        }

        report.LoadBefore = MachineInfo.LoadAverage();
        for (var round = 0; round < options.Runs; round++)
        {
            foreach (var workload in (string[])["small", "mixed"])
            {
                foreach (var c in Rotate([.. cases.Where(c => c.Workload == workload)], round))
                {
                    await MeasureAsync(c, trees[workload], round, report, log);
                }
            }
        }

        // Memory only: one run is enough for a peak, and a million files take minutes.
        foreach (var c in cases.Where(c => c.Workload == "many"))
        {
            await MeasureAsync(c, trees["many"], round: 0, report, log);
        }

        report.LoadAfter = MachineInfo.LoadAverage();
        if (trees.TryGetValue("many", out var many) && !options.KeepTrees)
        {
            SourceTrees.Delete(many);
        }

        var text = report.ToMarkdown();
        Console.WriteLine(text);
        if (options.Output is { } output)
        {
            await File.WriteAllTextAsync(output, text);
        }

        return report.Problems.Count == 0 ? 0 : 1;
    }

    private static async Task MeasureAsync(BatchCase c, SourceTree tree, int round, BatchReport report, string log)
    {
        var prefix = $"{BatchCatalog.Root}{c.Name}/r{round + 1}/";
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {c.Name} ({tree.Files} files, {tree.Bytes} bytes) run {round + 1} (load {MachineInfo.LoadAverage()})");
        try
        {
            var m = await TimedProcess.RunAsync(c.Command(prefix), log);
            report.Add(c, m);
            Console.Error.WriteLine($"    {tree.Files / m.WallSeconds:F0} files/s, {tree.Bytes / 1e6 / m.WallSeconds:F0} MB/s, {m.WallSeconds:F1} s, {m.CpuSeconds:F2} CPU s, {m.PeakRssKiB / 1024} MiB");
        }
        catch (InvalidOperationException ex)
        {
            report.Problems.Add($"{c.Name} (run {round + 1}): {ex.Message.Trim()}");
            Console.Error.WriteLine("    FAILED: " + ex.Message);
        }

        if (c.AfterRun is not null && await c.AfterRun(prefix) is { } problem)
        {
            report.Problems.Add($"{c.Name} (run {round + 1}): {problem}");
            Console.Error.WriteLine("    CHECK FAILED: " + problem);
        }
    }

    private static IEnumerable<BatchCase> Rotate(List<BatchCase> cases, int round)
        => cases.Count == 0 ? cases : cases.Skip(round % cases.Count).Concat(cases.Take(round % cases.Count));
}
