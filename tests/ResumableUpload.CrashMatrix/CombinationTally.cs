using System.Globalization;

namespace ResumableUpload.CrashMatrix;

/// <summary>The counts of one combination (or of the whole matrix), and the line that prints them.</summary>
public sealed class CombinationTally(string name)
{
    public string Name { get; } = name;

    public int Runs { get; private set; }

    public int Kills { get; private set; }

    public Dictionary<KillPhase, int> KillsByPhase { get; } = Enum.GetValues<KillPhase>().ToDictionary(p => p, _ => 0);

    public int MissedKills { get; private set; }

    public int LockWaits { get; private set; }

    public int Verified { get; private set; }

    public int Mismatches { get; private set; }

    public int Orphans { get; private set; }

    public int LeftoverCheckpoints { get; private set; }

    public int Failures { get; private set; }

    public TimeSpan Duration { get; private set; }

    public bool Clean => Mismatches == 0 && Orphans == 0 && LeftoverCheckpoints == 0 && Failures == 0 && Verified == Runs;

    internal void Add(RunOutcome run)
    {
        Runs++;
        Kills += run.KillCount;
        foreach (var (phase, n) in run.Kills)
        {
            KillsByPhase[phase] += n;
        }

        MissedKills += run.MissedKills;
        LockWaits += run.LockWaits;
        Verified += run.Verified ? 1 : 0;
        Mismatches += run.Mismatch ? 1 : 0;
        Orphans += run.Orphans.Count;
        LeftoverCheckpoints += run.Leftovers.Count;
        Failures += run.Failure is null ? 0 : 1;
        Duration += run.Duration;
    }

    internal void Add(CombinationTally other)
    {
        Runs += other.Runs;
        Kills += other.Kills;
        foreach (var (phase, n) in other.KillsByPhase)
        {
            KillsByPhase[phase] += n;
        }

        MissedKills += other.MissedKills;
        LockWaits += other.LockWaits;
        Verified += other.Verified;
        Mismatches += other.Mismatches;
        Orphans += other.Orphans;
        LeftoverCheckpoints += other.LeftoverCheckpoints;
        Failures += other.Failures;
        Duration += other.Duration;
    }

    /// <summary>The per-combination line.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name,-13} runs={Runs} kills={Kills} (start={KillsByPhase[KillPhase.Start]} parts={KillsByPhase[KillPhase.Parts]} finish={KillsByPhase[KillPhase.Finish]}) missed_kills={MissedKills} lock_waits={LockWaits} verified={Verified} mismatches={Mismatches} orphans={Orphans} leftover_checkpoints={LeftoverCheckpoints} failures={Failures} time={Duration.TotalSeconds:0}s");
}
