using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace ResumableUpload.Cli.CommandLine;

/// <summary>
/// Builds the CLI's options on System.CommandLine. A value option may be given more than once and the last one wins
/// (a wrapper script can put defaults first); a bad value is a parse error whose message names the option and the value.
/// </summary>
internal static class CliOptions
{
    /// <summary>A value option parsed by <paramref name="parse"/>, which throws <see cref="UsageException"/> for a bad value.</summary>
    public static Option<T> Value<T>(string name, string helpName, string description, Func<string, T> parse, params string[] completions)
    {
        var option = new Option<T>(name)
        {
            Description = description,
            HelpName = helpName,

            // One value per occurrence (AllowMultipleArgumentsPerToken is off), any number of occurrences: the last wins.
            Arity = ArgumentArity.OneOrMore,
            CustomParser = result => Parse(result, parse),
        };
        if (completions.Length > 0)
        {
            option.CompletionSources.Add(completions);
        }

        return option;
    }

    /// <summary>A text option (the last occurrence wins).</summary>
    public static Option<string?> Text(string name, string helpName, string description)
        => Value<string?>(name, helpName, description, static text => text);

    /// <summary>An option whose value is one of <paramref name="choices"/> (compared ignoring case), returned in lower case.</summary>
    public static Option<string?> Choice(string name, string description, params string[] choices)
        => Value<string?>(name, string.Join('|', choices), description, text => Array.Find(choices, c => string.Equals(c, text, StringComparison.OrdinalIgnoreCase))
            ?? throw new UsageException($"{name}: '{text}' is not one of {string.Join(", ", choices)}."), choices);

    /// <summary>A repeatable option whose every value counts, in order.</summary>
    public static Option<string[]> Repeated(string name, string helpName, string description)
        => new(name) { Description = description, HelpName = helpName, Arity = ArgumentArity.OneOrMore };

    /// <summary>An option without a value.</summary>
    public static Option<bool> Flag(string name, string description, params string[] aliases)
        => new(name, aliases) { Description = description };

    public static Option<long?> Size(string name, string description)
        => Value<long?>(name, "size", description, text => SizeParser.Parse(text, name));

    public static Option<TimeSpan?> Duration(string name, string description)
        => Value<TimeSpan?>(name, "duration", description, text => DurationParser.Parse(text, name));

    public static Option<int?> WholeNumber(string name, string helpName, string description)
        => Value<int?>(name, helpName, description, text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new UsageException($"{name}: '{text}' is not a whole number."));

    /// <summary>Adds a second name to an option (the library's name for the same setting).</summary>
    public static Option<T> WithAlias<T>(Option<T> option, string alias)
    {
        option.Aliases.Add(alias);
        return option;
    }

    /// <summary>Whether the user gave the option (a flag's default counts as not given).</summary>
    public static bool Given(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    private static T Parse<T>(ArgumentResult result, Func<string, T> parse)
    {
        try
        {
            return parse(result.Tokens[^1].Value);
        }
        catch (UsageException ex)
        {
            result.AddError(ex.Message);
            return default!;
        }
    }
}
