using ResumableUpload.CrashMatrix;
using ResumableUpload.TestSupport;
using Xunit.Abstractions;

namespace ResumableUpload.Cli.Tests;

/// <summary>
/// A fixed-seed sample of the crash matrix (tests/crash/run.sh runs as much of it as you like): one run for each of
/// the nine store × target combinations, each landing one or two SIGKILLs on the real CLI (triggered by its progress
/// lines, early enough that none can miss), then resumed to the end and verified: exit 0, the object byte-identical,
/// the checkpoint gone, nothing incomplete left on the target.
/// </summary>
[Collection(ProcessTestGroup.Name)]
public class CrashMatrixSampleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CrashMatrix_OneRunPerCombinationKilledOnceOrTwice_NoMismatchOrphanLeftoverOrFailure()
    {
        // Named, so that a missing server fails with the message that says how to start it.
        _ = (ServerEnvironment.Redis, ServerEnvironment.S3Endpoint, ServerEnvironment.S3AccessKey, ServerEnvironment.S3SecretKey, ServerEnvironment.AzureConnectionString);
        var settings = new MatrixSettings
        {
            Runs = 1,
            Seed = 5,
            MinKills = 1,
            MaxKills = 2,
            LandEveryKill = true,
            MaxSize = 16L << 20,
            RuploadDll = Rupload.DllPath,
            WorkRoot = Environment.GetEnvironmentVariable("RUPLOAD_TEST_WORK") ?? Path.GetTempPath(),
        };

        using var log = new StringWriter();
        var report = await MatrixRunner.RunAsync(settings, ServerSettings.FromEnvironment(), log, log);
        output.WriteLine(log.ToString());

        var total = report.Total;
        Assert.Equal(9, report.Combinations.Count);
        Assert.True(total.Failures == 0, log.ToString());
        Assert.True(total.LockWaits == 0, log.ToString()); // a killed holder is taken over at once, never waited out
        Assert.True(total.Mismatches == 0, log.ToString());
        Assert.True(total.Orphans == 0, log.ToString());
        Assert.True(total.LeftoverCheckpoints == 0, log.ToString());
        Assert.Equal(9, total.Verified);
        // A kill aimed but missed (the run finished first) proves nothing: every combination must have been killed.
        Assert.All(report.Combinations, c => Assert.True(c.Kills >= 1, $"{c.Name}: no kill landed ({c.MissedKills} missed)\n{log}"));
        Assert.InRange(total.Kills, 9, 18);
        Assert.EndsWith("failures=0 seed=5", report.SummaryLine, StringComparison.Ordinal);
    }
}
