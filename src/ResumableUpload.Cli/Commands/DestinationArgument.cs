using System.CommandLine;

namespace ResumableUpload.Cli.Commands;

/// <summary>The destination argument, completing the schemes.</summary>
internal static class DestinationArgument
{
    public static Argument<string?> Create(string description, string name = "destination")
    {
        var argument = new Argument<string?>(name) { Description = description, HelpName = name, Arity = ArgumentArity.ZeroOrOne };
        argument.CompletionSources.Add("s3://", "az://", "file:///", "null:");
        return argument;
    }
}
