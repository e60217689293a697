namespace ResumableUpload.E2E;

/// <summary>
/// One run of the whole comparison: generate the files once, then for each round run every case on the same file,
/// in an order that rotates each round (so that no case always follows the same neighbour), and take medians. Then
/// rupload alone on several file sizes for the memory check. Prints one Markdown report.
/// </summary>
internal static class Harness
{
    public static async Task<int> RunAsync(HarnessOptions options)
    {
        var work = options.Directory;
        var log = Path.Combine(work, "e2e.log");
        Directory.CreateDirectory(work);
        File.WriteAllText(log, string.Empty);
        var catalog = new CaseCatalog(options, work);
        var cases = catalog.All();
        catalog.CleanOutput();
        if (S3Admin.Endpoint is not null)
        {
            await S3Admin.EnsureBucketAsync(CaseCatalog.Bucket);
        }

        if (AzureAdmin.ConnectionString is not null)
        {
            await AzureAdmin.EnsureContainerAsync(CaseCatalog.Container);
        }

        var source = SourceFiles.Get(work, options.Size);
        var sweep = options.SweepSizes.ToDictionary(size => size, size => SourceFiles.Get(work, size));
        var report = new Report(options, MachineInfo.Describe(), MachineInfo.Versions(), catalog.Skipped);
        SourceFiles.Warm(source);
        report.LoadBefore = MachineInfo.LoadAverage();

        for (var round = 0; round < options.Runs; round++)
        {
            foreach (var c in Rotate(cases, round))
            {
                await MeasureAsync(c, source, options.Size, round, report, log);
            }
        }

        var sweepCases = cases.Where(c => c.Name is "rupload-null" or "rupload-s3").ToList();
        foreach (var (size, file) in sweep)
        {
            SourceFiles.Warm(file);
            foreach (var c in sweepCases)
            {
                await MeasureAsync(c, file, size, round: 0, report, log);
            }
        }

        report.LoadAfter = MachineInfo.LoadAverage();
        var text = report.ToMarkdown();
        Console.WriteLine(text);
        if (options.Output is { } output)
        {
            await File.WriteAllTextAsync(output, text);
        }

        return report.Problems.Count == 0 ? 0 : 1;
    }

    private static async Task MeasureAsync(E2ECase c, string file, long size, int round, Report report, string log)
    {
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {c.Name} {Sizes.Format(size)} run {round + 1} (load {MachineInfo.LoadAverage()})");
        try
        {
            var measurement = await TimedProcess.RunAsync(c.Command(file, size), log);
            report.Add(c, size, measurement);
            Console.Error.WriteLine($"    {size / 1e6 / measurement.WallSeconds:F0} MB/s, {measurement.CpuSeconds:F2} CPU s, {measurement.PeakRssKiB / 1024} MiB");
        }
        catch (InvalidOperationException ex)
        {
            report.Problems.Add($"{c.Name} ({Sizes.Format(size)}, run {round + 1}): {ex.Message}");
            Console.Error.WriteLine("    FAILED: " + ex.Message);
        }

        if (c.AfterRun is not null && await c.AfterRun(size) is { } problem)
        {
            report.Problems.Add($"{c.Name} ({Sizes.Format(size)}, run {round + 1}): {problem}");
            Console.Error.WriteLine("    CHECK FAILED: " + problem);
        }
    }

    private static IEnumerable<E2ECase> Rotate(List<E2ECase> cases, int round)
        => cases.Count == 0 ? cases : cases.Skip(round % cases.Count).Concat(cases.Take(round % cases.Count));
}
