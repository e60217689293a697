namespace ResumableUpload.Cli.Tests;

/// <summary>
/// The tests that kill, freeze or take over rupload child processes run one at a time (one collection), so two of
/// them never compete for the 2 cores. They may run beside one other test class of this project: each triggers on
/// observable state (a progress line on the child's pipe, or a file event on the target), never on a sleep or a spin,
/// so a slower child moves the moment of the kill, not its correctness. Running them after every other collection
/// (DisableParallelization) made this project the suite's critical path: 6 min 11 s against 3 min 52 s before.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ProcessTestGroup
{
    public const string Name = "Process tests";
}
