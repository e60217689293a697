using System.CommandLine;

namespace ResumableUpload.Cli.CommandLine;

/// <summary>Positionals are optional to the parser, so that a missing one gets the CLI's own one-line message with the usage.</summary>
internal static class Positionals
{
    public static void Require(Command command, params Argument[] arguments)
        => command.Validators.Add(result =>
        {
            if (arguments.Any(a => result.GetResult(a) is not { Tokens.Count: > 0 }))
            {
                result.AddError("Missing arguments. Usage: " + Usage.Of(command));
            }
        });
}
