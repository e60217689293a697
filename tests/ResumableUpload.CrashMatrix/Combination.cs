namespace ResumableUpload.CrashMatrix;

/// <summary>The checkpoint stores of the matrix, named as in <c>--combos</c>.</summary>
public enum StoreKind
{
    File,
    Sqlite,
    Redis,
}

/// <summary>The targets of the matrix, named as in <c>--combos</c>.</summary>
public enum TargetKind
{
    Local,
    S3,
    Azure,
}

/// <summary>One cell of the matrix: a checkpoint store and a target, written <c>store:target</c> (e.g. <c>redis:s3</c>).</summary>
public sealed record Combination(StoreKind Store, TargetKind Target)
{
    public static IReadOnlyList<Combination> All { get; } =
        [.. from s in Enum.GetValues<StoreKind>() from t in Enum.GetValues<TargetKind>() select new Combination(s, t)];

    public string Name => $"{Store.ToString().ToLowerInvariant()}:{Target.ToString().ToLowerInvariant()}";

    /// <summary>The position in <see cref="All"/>: run seeds derive from it, so a subset of combinations reruns the same runs.</summary>
    public int Index => ((int)Store * 3) + (int)Target;

    /// <summary>Parses <c>all</c> or a comma-separated list of <c>store:target</c> (<c>file</c>, <c>sqlite</c>, <c>redis</c> × <c>local</c>, <c>s3</c>, <c>azure</c>; <c>*</c> for either side).</summary>
    public static IReadOnlyList<Combination> ParseList(string text)
    {
        if (text == "all")
        {
            return All;
        }

        var chosen = new List<Combination>();
        foreach (var item in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = item.Split(':');
            if (parts.Length != 2)
            {
                throw new ArgumentException($"--combos: '{item}' is not store:target (e.g. file:local, redis:s3, sqlite:*).");
            }

            var matches = All.Where(c => Matches(parts[0], c.Store.ToString()) && Matches(parts[1], c.Target.ToString())).ToList();
            if (matches.Count == 0)
            {
                throw new ArgumentException($"--combos: '{item}' names no combination; stores are file, sqlite, redis and targets local, s3, azure.");
            }

            chosen.AddRange(matches.Where(m => !chosen.Contains(m)));
        }

        return chosen;
    }

    private static bool Matches(string pattern, string name) => pattern == "*" || string.Equals(pattern, name, StringComparison.OrdinalIgnoreCase);
}
