using System.Globalization;
using ResumableUpload.CrashMatrix.Stores;
using ResumableUpload.CrashMatrix.Targets;

namespace ResumableUpload.CrashMatrix;

/// <summary>
/// Runs the matrix: for each chosen combination, <see cref="MatrixSettings.Runs"/> seeded runs one after another.
/// Progress and every problem (with the run's plan and what the children printed) go to <c>log</c>; the
/// per-combination lines and then the single summary line go to <c>output</c>.
/// </summary>
public static class MatrixRunner
{
    public static async Task<MatrixReport> RunAsync(MatrixSettings settings, ServerSettings servers, TextWriter output, TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(servers);
        if (servers.Missing(settings.Combinations) is { } missing)
        {
            throw new InvalidOperationException(missing);
        }

        if (!File.Exists(settings.RuploadDll))
        {
            throw new FileNotFoundException($"the CLI under test is not at {settings.RuploadDll}; build src/ResumableUpload.Cli or pass --rupload.");
        }

        var work = Path.Combine(settings.WorkRoot, "rupload-crash-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        var report = new MatrixReport(settings.Seed);
        var targets = new Dictionary<TargetKind, TargetUnderTest>();
        try
        {
            foreach (var combination in settings.Combinations)
            {
                if (!targets.TryGetValue(combination.Target, out var target))
                {
                    target = targets[combination.Target] = await TargetUnderTest.CreateAsync(combination.Target, servers);
                }

                var folder = Path.Combine(work, combination.Name.Replace(':', '-'));
                Directory.CreateDirectory(folder);
                await using var store = StoreUnderTest.Create(combination.Store, servers, folder);
                var tally = new CombinationTally(combination.Name);
                report.Combinations.Add(tally);
                for (var run = 0; run < settings.Runs; run++)
                {
                    var outcome = await RunOneAsync(settings, combination, run, store, target, folder);
                    tally.Add(outcome);
                    Describe(outcome, settings.Verbose, log);
                }

                log.WriteLine("  done " + tally);
            }
        }
        finally
        {
            foreach (var target in targets.Values)
            {
                await target.DisposeAsync();
            }

            if (report.Clean)
            {
                TryDelete(work);
            }
            else
            {
                log.WriteLine($"kept {work} for inspection (sources and local targets of the runs with problems)");
            }
        }

        foreach (var tally in report.Combinations)
        {
            output.WriteLine(tally);
        }

        output.WriteLine(report.SummaryLine);
        return report;
    }

    private static async Task<RunOutcome> RunOneAsync(MatrixSettings settings, Combination combination, int run, StoreUnderTest store, TargetUnderTest target, string folder)
    {
        var plan = RunPlan.Create(RunPlan.SeedFor(settings.Seed, combination, run), target.ChoosePartSize, settings);
        var paths = new RunPaths(Path.Combine(folder, "run" + run.ToString(CultureInfo.InvariantCulture)), $"{combination.Name.Replace(':', '-')}/run{run}/");
        var outcome = new RunOutcome(combination, run, plan);
        try
        {
            await new CrashRun(settings, store, target, paths, outcome).ExecuteAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or TimeoutException or System.Net.Http.HttpRequestException or Amazon.Runtime.AmazonServiceException or Azure.RequestFailedException or StackExchange.Redis.RedisException or Microsoft.Data.Sqlite.SqliteException)
        {
            outcome.Failure ??= $"harness error: {ex.GetType().Name}: {ex.Message}";
        }

        if (outcome.Verified)
        {
            TryDelete(paths.Folder);
        }

        return outcome;
    }

    private static void Describe(RunOutcome outcome, bool verbose, TextWriter log)
    {
        var headline = string.Create(
            CultureInfo.InvariantCulture,
            $"{outcome.Combination.Name} run {outcome.Run}: {(outcome.Verified ? "verified" : "PROBLEM")} ({outcome.Plan}; {outcome.KillCount} kill(s), {outcome.LockWaits} lock wait(s), {outcome.Duration.TotalSeconds:0.0} s)");
        log.WriteLine(headline);
        if (outcome.Verified && !verbose)
        {
            return;
        }

        foreach (var e in outcome.Events)
        {
            log.WriteLine("    " + e);
        }

        foreach (var o in outcome.Orphans)
        {
            log.WriteLine("    ORPHAN: " + o);
        }

        foreach (var l in outcome.Leftovers)
        {
            log.WriteLine("    LEFTOVER: " + l);
        }

        if (outcome.Failure is { } failure)
        {
            log.WriteLine("    FAILURE: " + failure.Replace("\n", "\n      ", StringComparison.Ordinal));
        }
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
