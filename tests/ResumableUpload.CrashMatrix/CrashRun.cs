using System.Diagnostics;
using System.Globalization;
using ResumableUpload.CrashMatrix.Stores;
using ResumableUpload.CrashMatrix.Targets;

namespace ResumableUpload.CrashMatrix;

/// <summary>
/// One run: write the seeded source, start <c>rupload upload</c>, SIGKILL it as planned, resume with the same command
/// at once (a killed holder on this host is taken over at once, whatever the store: exit 3 is a failure, counted as a
/// lock wait), run it to the end, and verify: exit 0,
/// the object byte-identical, the checkpoint gone, nothing incomplete left on the target.
/// </summary>
internal sealed class CrashRun(MatrixSettings settings, StoreUnderTest store, TargetUnderTest target, RunPaths paths, RunOutcome outcome)
{
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan StartupAllowance = TimeSpan.FromSeconds(0.8);

    // The fraction of the parts done, as far as the last child reported.
    private double doneFraction;

    private RunPlan Plan => outcome.Plan;

    public async Task ExecuteAsync()
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(paths.Folder);
        WriteSource(paths.Source, Plan.Size, Plan.Seed);
        var args = Arguments();
        var finished = false;
        foreach (var trigger in Plan.Kills)
        {
            finished = await LaunchAsync(settings.LandEveryKill ? [.. args, .. Throttle()] : args, trigger);
            if (finished || outcome.Failure is not null)
            {
                break;
            }
        }

        if (!finished && outcome.Failure is null)
        {
            await LaunchAsync(args, trigger: null);
        }

        if (outcome.Failure is null)
        {
            await VerifyAsync();
        }

        outcome.Duration = clock.Elapsed;
    }

    private static void WriteSource(string path, long length, int seed)
    {
        var random = new Random(seed ^ 0x5EED);
        var buffer = new byte[1 << 20];
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 0);
        for (long done = 0; done < length;)
        {
            var n = (int)Math.Min(buffer.Length, length - done);
            random.NextBytes(buffer.AsSpan(0, n));
            file.Write(buffer, 0, n);
            done += n;
        }
    }

    private List<string> Arguments()
    {
        List<string> args =
        [
            "upload", paths.Source, target.Destination(paths),
            "--part-size", Plan.PartSize.ToString(CultureInfo.InvariantCulture),
            "--threads", Plan.Threads.ToString(CultureInfo.InvariantCulture),
            "--checkpoint", store.Spec(paths),
            "--progress", "lines", "--progress-interval", "0s",
        ];

        // No --lease: with the default 30 s, a resume right after a kill can only come from taking over the dead holder.
        args.AddRange(target.CliArguments);
        return args;
    }

    /// <summary>
    /// For a run whose kill must land: a bandwidth cap (the CLI's own <c>--max-bandwidth</c>) under which the whole file
    /// would take about 1.5 s, so that after a trigger in the first quarter of the parts more than a second of work is
    /// left for the kill to interrupt, however fast the target and however late a busy box reads the progress line.
    /// The resuming run is not capped.
    /// </summary>
    private string[] Throttle()
    {
        var kibPerSecond = Math.Max(1024, (long)(Plan.Size / 1024 / 1.5));
        return ["--max-bandwidth", kibPerSecond.ToString(CultureInfo.InvariantCulture) + "KiB/s"];
    }

    /// <summary>Runs one child to its end or its kill.</summary>
    /// <returns>Whether the upload finished (exit 0).</returns>
    private async Task<bool> LaunchAsync(List<string> args, KillTrigger? trigger)
    {
        using var child = RuploadChild.Start(settings.RuploadDll, args, target.CliEnvironment);
        using var delayKill = Arm(child, trigger);
        var code = await child.WaitAsync(ChildTimeout);
        if (child.PartsTotal > 0)
        {
            doneFraction = Math.Max(0, child.PartsDone) / (double)child.PartsTotal;
        }

        if (child.Killed)
        {
            var phase = child.PartsDone < 0 ? KillPhase.Start : child.PartsDone < child.PartsTotal ? KillPhase.Parts : KillPhase.Finish;
            outcome.Kills[phase]++;
            outcome.Events.Add(string.Create(CultureInfo.InvariantCulture, $"{trigger} killed at {Progress(child)} after {child.Elapsed.TotalMilliseconds:0} ms"));
            return false;
        }

        if (code == 0)
        {
            if (trigger is not null)
            {
                outcome.MissedKills++;
                outcome.Events.Add($"{trigger} missed: finished first");
            }

            outcome.Events.Add(string.Create(CultureInfo.InvariantCulture, $"exit 0 after {child.Elapsed.TotalMilliseconds:0} ms"));
            return true;
        }

        if (code == 3)
        {
            // Every earlier holder was SIGKILLed and reaped: a lease still refused is a takeover that failed.
            outcome.LockWaits++;
            outcome.Failure = $"locked (exit 3) although the earlier holder was killed: a dead holder on this host must be taken over at once:\n{child.Output}";
            return false;
        }

        outcome.Failure = $"exit {code}{(trigger is null ? string.Empty : $" (child armed with {trigger})")}:\n{child.Output}";
        return false;
    }

    /// <summary>Arms the kill: a timer for a delay trigger, a progress watcher for a parts trigger.</summary>
    private IDisposable? Arm(RuploadChild child, KillTrigger? trigger)
    {
        if (trigger is null)
        {
            return null;
        }

        if (trigger.ByDelay)
        {
            // Spread over what this child has left to do: start-up plus the remaining bytes at the target's rough rate.
            var remaining = Plan.Size * (1 - doneFraction);
            var delay = trigger.Fraction * (StartupAllowance.TotalSeconds + (remaining / target.BytesPerSecond));
            return new Timer(_ => child.KillHard(), null, TimeSpan.FromSeconds(delay), Timeout.InfiniteTimeSpan);
        }

        // A fraction of the parts left when the child starts (its first line reports the resumed ones):
        // 0 kills right after planning, 1 after the last part is committed, i.e. around complete.
        var killAt = -1;
        child.OnProgress = (done, total) =>
        {
            if (killAt < 0)
            {
                killAt = done + (int)Math.Round(trigger.Fraction * (total - done));
            }

            if (done >= killAt)
            {
                child.KillHard();
            }
        };
        return null;
    }

    private static string Progress(RuploadChild child) => child.PartsDone < 0 ? "no progress yet" : $"parts {child.PartsDone}/{child.PartsTotal}";

    private async Task VerifyAsync()
    {
        var actual = await target.ReadObjectAsync(paths);
        var expected = await File.ReadAllBytesAsync(paths.Source);
        if (actual is null)
        {
            outcome.Mismatch = true;
            outcome.Events.Add("MISMATCH: the object does not exist");
        }
        else if (!actual.AsSpan().SequenceEqual(expected))
        {
            outcome.Mismatch = true;
            var firstDifference = actual.AsSpan().CommonPrefixLength(expected);
            outcome.Events.Add($"MISMATCH: object of {actual.Length} bytes, source {expected.Length}; first difference at byte {firstDifference}");
        }

        outcome.Orphans.AddRange(await target.FindOrphansAsync(paths));
        outcome.Leftovers.AddRange(await store.FindLeftoversAsync(paths));
        await target.DeleteObjectAsync(paths);
    }
}
