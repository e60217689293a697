namespace ResumableUpload.CrashMatrix;

/// <summary>Where a SIGKILL landed, from the child's last progress line.</summary>
public enum KillPhase
{
    /// <summary>Before the first progress line: start-up, lease, checkpoint load, reconcile, initiate, checkpoint create.</summary>
    Start,

    /// <summary>Between the first and the last part.</summary>
    Parts,

    /// <summary>After the last part was reported: complete, checkpoint delete, exit (or the single PUT of a small file).</summary>
    Finish,
}

/// <summary>What one run did and what verification found.</summary>
internal sealed record RunOutcome(Combination Combination, int Run, RunPlan Plan)
{
    public List<string> Events { get; } = [];

    public Dictionary<KillPhase, int> Kills { get; } = Enum.GetValues<KillPhase>().ToDictionary(p => p, _ => 0);

    /// <summary>Gets or sets the kills aimed at that did not happen because the child finished first.</summary>
    public int MissedKills { get; set; }

    /// <summary>Gets or sets the times a child exited 3 (checkpoint locked) and was run again after a short wait.</summary>
    public int LockWaits { get; set; }

    public bool Mismatch { get; set; }

    public List<string> Orphans { get; } = [];

    public List<string> Leftovers { get; } = [];

    /// <summary>Gets or sets why the run never got to exit 0 (then nothing else is verified), or <see langword="null"/>.</summary>
    public string? Failure { get; set; }

    public TimeSpan Duration { get; set; }

    public int KillCount => Kills.Values.Sum();

    public bool Verified => Failure is null && !Mismatch && Orphans.Count == 0 && Leftovers.Count == 0;
}
