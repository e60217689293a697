using System.Runtime.InteropServices;
using ResumableUpload.Cli;
using ResumableUpload.Cli.Hosting;
using ResumableUpload.Sources;

using var cancellation = new CancellationTokenSource();

// Ctrl-C and SIGTERM stop the upload promptly; the checkpoint stays valid and the exit code is 130.
using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Cancel);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Cancel);

var cli = new CliContext(Console.Out, Console.Error, Environment.GetEnvironmentVariable, cancellation.Token)
{
    ErrorIsTerminal = !Console.IsErrorRedirected,
    OutIsTerminal = !Console.IsOutputRedirected,
    In = Console.In,
    OpenInput = OpenStandardInput,
    EnterBatchRuntime = static () => BatchRuntime.Enter(Environment.GetEnvironmentVariable),
};
return await CliRunner.RunAsync(args, cli).ConfigureAwait(false);

// A stdin pipe moves 64 KiB per turn unless raised (DECISIONS 43).
static Stream OpenStandardInput()
{
    PipeCapacity.TryRaise(0);
    return Console.OpenStandardInput();
}

void Cancel(PosixSignalContext context)
{
    context.Cancel = true;
    cancellation.Cancel();
}
