namespace ResumableUpload.Cli.Tests;

/// <summary>
/// The tests that kill, freeze or take over rupload child processes run one at a time, and only after the parallel
/// collections of this project are done: on a 2-core machine a process that is meant to die at part 20 must not share
/// its cores with the CPU-heavy suites, or the kill lands late and the margins need re-tuning. Each triggers on
/// observable state (a progress line on the child's pipe, or a file event on the target), never on a sleep or a spin.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessTestGroup
{
    public const string Name = "Process tests";
}
