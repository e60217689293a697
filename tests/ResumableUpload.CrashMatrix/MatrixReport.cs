using System.Globalization;

namespace ResumableUpload.CrashMatrix;

/// <summary>The result of a matrix: a tally per combination, their total, and the one summary line.</summary>
public sealed class MatrixReport(int seed)
{
    public int Seed { get; } = seed;

    public List<CombinationTally> Combinations { get; } = [];

    public CombinationTally Total
    {
        get
        {
            var total = new CombinationTally("total");
            foreach (var c in Combinations)
            {
                total.Add(c);
            }

            return total;
        }
    }

    public bool Clean => Combinations.All(c => c.Clean);

    /// <summary>Gets the line printed last: <c>crash matrix: runs=R kills=K … seed=S</c>.</summary>
    public string SummaryLine
    {
        get
        {
            var t = Total;
            return string.Create(
                CultureInfo.InvariantCulture,
                $"crash matrix: runs={t.Runs} kills={t.Kills} lock_waits={t.LockWaits} verified={t.Verified} mismatches={t.Mismatches} orphans={t.Orphans} leftover_checkpoints={t.LeftoverCheckpoints} failures={t.Failures} seed={Seed}");
        }
    }
}
