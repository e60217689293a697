using System.Globalization;
using System.Text;

namespace ResumableUpload.E2E;

/// <summary>
/// <c>run --stream</c>: the stdin cases of issue 12 on one file, alternating each round, then one Markdown report with
/// the throughput goals, the replay ratio and the memory limit.
/// </summary>
internal static class StreamHarness
{
    public static async Task<int> RunAsync(HarnessOptions options)
    {
        var work = options.Directory;
        var log = Path.Combine(work, "e2e.log");
        Directory.CreateDirectory(work);
        File.WriteAllText(log, string.Empty);
        var endpoint = S3Admin.Endpoint ?? throw new InvalidOperationException("run --stream needs the S3 server: RUPLOAD_S3_ENDPOINT is not set");
        await S3Admin.EnsureBucketAsync(CaseCatalog.Bucket);
        var file = SourceFiles.Get(work, options.Size);
        var catalog = new StreamCatalog(options, work, file);
        var cases = catalog.All(endpoint);
        SourceFiles.Warm(file);
        var report = new StreamReport(options, catalog.FirstRunBytes) { LoadBefore = MachineInfo.LoadAverage() };
        for (var round = 0; round < options.Runs; round++)
        {
            foreach (var c in cases.Skip(round % cases.Count).Concat(cases.Take(round % cases.Count)))
            {
                await MeasureAsync(c, options.Size, round, report, log);
            }
        }

        report.LoadAfter = MachineInfo.LoadAverage();
        var text = report.ToMarkdown(MachineInfo.Describe(), MachineInfo.Versions());
        Console.WriteLine(text);
        if (options.Output is { } output)
        {
            await File.WriteAllTextAsync(output, text);
        }

        return report.Problems.Count == 0 ? 0 : 1;
    }

    private static async Task MeasureAsync(StreamCase c, long size, int round, StreamReport report, string log)
    {
        var key = c.Name == "stream-rupload-replay" ? StreamCatalog.ReplayKey : StreamCatalog.FreshKey;
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {c.Name} {Sizes.Format(size)} run {round + 1} (load {MachineInfo.LoadAverage()})");
        try
        {
            if (c.Before is not null)
            {
                await c.Before();
            }

            var logged = new FileInfo(log).Length;
            var measurement = await TimedProcess.RunAsync(c.Command, log);
            if (c.Expect is { } expect)
            {
                var line = ReadFrom(log, logged).Split('\n').FirstOrDefault(l => l.Contains(expect, StringComparison.Ordinal));
                (line is null ? report.Problems : report.Outputs).Add(line is null ? $"{c.Name} (run {round + 1}): its output lacks \"{expect}\"" : $"{c.Name} (run {round + 1}): {line.Trim()}");
            }

            report.Add(c, measurement);
            Console.Error.WriteLine($"    {size / 1e6 / measurement.WallSeconds:F0} MB/s, {measurement.WallSeconds:F1} s, {measurement.CpuSeconds:F2} CPU s, {measurement.PeakRssKiB / 1024} MiB");
        }
        catch (InvalidOperationException ex)
        {
            report.Problems.Add($"{c.Name} (run {round + 1}): {ex.Message}");
            Console.Error.WriteLine("    FAILED: " + ex.Message);
        }

        if (await S3Admin.CheckAndDeleteAsync(CaseCatalog.Bucket, key, size) is { } problem)
        {
            report.Problems.Add($"{c.Name} (run {round + 1}): {problem}");
            Console.Error.WriteLine("    CHECK FAILED: " + problem);
        }
    }

    private static string ReadFrom(string path, long offset)
    {
        using var stream = File.OpenRead(path);
        stream.Position = offset;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
