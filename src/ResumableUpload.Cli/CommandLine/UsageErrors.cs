using System.CommandLine;
using System.CommandLine.Parsing;

namespace ResumableUpload.Cli.CommandLine;

/// <summary>
/// Turns a parse result's problems into the one line the CLI prints (exit 2), reading the tokens' kinds and the
/// symbols they matched, never the parser's wording: an unknown option, an unknown command, an extra argument, an
/// option without its value, or the message a value's parser or a command's validator gave.
/// </summary>
internal static class UsageErrors
{
    /// <returns>The message, or <see langword="null"/> when the command line is fine.</returns>
    public static string? Find(ParseResult parse, Option<bool> version)
    {
        if (CliOptions.Given(parse, version) && parse.Tokens.Count > 1)
        {
            // Nothing may follow --version: "rupload --version upload ..." is a mistake, not a request for the version.
            var extra = parse.Tokens.First(t => t.Value != "--version");
            return IsOptionLike(extra.Value) ? UnknownOption(extra.Value) : $"Too many arguments ('{extra.Value}'). Usage: rupload --version";
        }

        if (FirstUnknownOption(parse) is { } unknown)
        {
            return UnknownOption(unknown);
        }

        if (parse.UnmatchedTokens.Count > 0)
        {
            var token = parse.UnmatchedTokens[0];
            return parse.CommandResult.Command is RootCommand
                ? $"Unknown command '{token}'. Run rupload --help."
                : $"Too many arguments ('{token}'). Usage: {Usage.Of(parse.CommandResult.Command)}";
        }

        if (parse.Errors.Count == 0)
        {
            return null;
        }

        var error = parse.Errors[0];
        return error.SymbolResult is OptionResult { Tokens.Count: 0, Option: var option } && option.ValueType != typeof(bool)
            ? $"{option.Name} needs a value."
            : error.Message;
    }

    /// <summary>
    /// A token that looks like an option but matched none: the parser takes it as an argument (so it could even fill a
    /// positional), the old parser and users take it as a typo. After <c>--</c> everything is an argument.
    /// </summary>
    private static string? FirstUnknownOption(ParseResult parse)
    {
        var optionValues = new HashSet<Token>(OptionValues(parse.CommandResult), ReferenceEqualityComparer.Instance);
        foreach (var token in parse.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                return null;
            }

            if (token.Type == TokenType.Argument && IsOptionLike(token.Value) && !optionValues.Contains(token))
            {
                return token.Value;
            }
        }

        return null;
    }

    private static IEnumerable<Token> OptionValues(CommandResult? command)
    {
        for (; command is not null; command = command.Parent as CommandResult)
        {
            foreach (var option in command.Children.OfType<OptionResult>())
            {
                foreach (var token in option.Tokens)
                {
                    yield return token;
                }
            }
        }
    }

    private static bool IsOptionLike(string token) => token.Length > 1 && token[0] == '-';

    private static string UnknownOption(string token)
    {
        var equals = token.IndexOf('=', StringComparison.Ordinal);
        return $"Unknown option '{(equals > 0 ? token[..equals] : token)}'.";
    }
}
