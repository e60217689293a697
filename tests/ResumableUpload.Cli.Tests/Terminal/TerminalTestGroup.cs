namespace ResumableUpload.Cli.Tests.Terminal;

/// <summary>The tests that run rupload on a pseudo-terminal run one at a time, so they do not steal each other's CPU.</summary>
[CollectionDefinition(Name)]
public sealed class TerminalTestGroup
{
    public const string Name = "Terminal";
}
