namespace ResumableUpload.Cli.Tests;

/// <summary>
/// The tests that kill, freeze or take over rupload child processes, in two collections: each runs its tests one at a
/// time, so at most two child-process tests share the 2 cores (one per collection), and never two server round trips of
/// the same kind. Each triggers on observable state (a progress line on the child's pipe, or a file event on the
/// target), never on a sleep or a spin, so a slower child moves the moment of the kill, not its correctness. One
/// serialized collection made this project the suite's critical path (6 min 11 s against 3 min 52 s before, 2026-12-02).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessTestGroup
{
    /// <summary>Kill, freeze and takeover tests on the local folder and the stores, and the crash matrix sample.</summary>
    public const string Name = "Process tests";
}

/// <summary>The kill tests whose targets are the S3 and Azure servers (see <see cref="ProcessTestGroup"/>).</summary>
[CollectionDefinition(Name)]
public sealed class ServerProcessTestGroup
{
    public const string Name = "Process tests on servers";
}
