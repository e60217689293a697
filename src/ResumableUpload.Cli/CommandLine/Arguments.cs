namespace ResumableUpload.Cli.CommandLine;

/// <summary>
/// The parsed command line of one command: positionals, <c>--name value</c> / <c>--name=value</c> options and
/// flags. Only the options a command declares are accepted, so a typo is an error, not a silent default.
/// </summary>
internal sealed class Arguments
{
    private readonly Dictionary<string, List<string>> values = new(StringComparer.Ordinal);
    private readonly HashSet<string> flags = new(StringComparer.Ordinal);

    private Arguments(List<string> positionals) => Positionals = positionals;

    public IReadOnlyList<string> Positionals { get; }

    /// <summary>Options every command that takes <c>--endpoint</c> accepts too, because they shape the same S3 client.</summary>
    private static readonly string[] S3ClientOptions = ["--s3-addressing"];

    public static Arguments Parse(IEnumerable<string> tokens, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions)
    {
        if (valueOptions.Contains("--endpoint"))
        {
            valueOptions = [.. valueOptions, .. S3ClientOptions];
        }

        var positionals = new List<string>();
        var parsed = new Arguments(positionals);
        using var e = tokens.GetEnumerator();
        var onlyPositionals = false;
        while (e.MoveNext())
        {
            var token = e.Current;
            if (onlyPositionals || !token.StartsWith('-') || token == "-")
            {
                positionals.Add(token);
                continue;
            }

            if (token == "--")
            {
                onlyPositionals = true;
                continue;
            }

            var name = token;
            string? inline = null;
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                name = token[..equals];
                inline = token[(equals + 1)..];
            }

            if (flagOptions.Contains(name))
            {
                if (inline is not null)
                {
                    throw new UsageException($"{name} takes no value.");
                }

                parsed.flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                if (inline is null)
                {
                    if (!e.MoveNext())
                    {
                        throw new UsageException($"{name} needs a value.");
                    }

                    inline = e.Current;
                }

                if (!parsed.values.TryGetValue(name, out var list))
                {
                    parsed.values[name] = list = [];
                }

                list.Add(inline);
            }
            else
            {
                throw new UsageException($"Unknown option '{name}'.");
            }
        }

        return parsed;
    }

    /// <summary>The option's value; the last one when it was given more than once.</summary>
    public string? Value(string name) => values.TryGetValue(name, out var v) ? v[^1] : null;

    /// <summary>Every value of a repeatable option, in order.</summary>
    public IReadOnlyList<string> Values(string name) => values.TryGetValue(name, out var v) ? v : [];

    /// <summary>Whether the option or flag was given.</summary>
    public bool Has(string name) => values.ContainsKey(name) || flags.Contains(name);

    public bool Flag(string name) => flags.Contains(name);

    public void ExpectPositionals(int count, string usage)
    {
        if (Positionals.Count != count)
        {
            throw new UsageException(Positionals.Count < count ? $"Missing arguments. Usage: {usage}" : $"Too many arguments ('{Positionals[count]}'). Usage: {usage}");
        }
    }
}
