using System.CommandLine;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Commands;
using ResumableUpload.Cli.Destinations;
using ResumableUpload.Cli.Output;

namespace ResumableUpload.Cli.Cluster;

/// <summary><c>rupload worker</c>: runs a silo that uploads for the cluster's jobs until Ctrl-C or SIGTERM.</summary>
internal static class WorkerCommand
{
    public static Command Create(CliContext cli)
    {
        var cluster = new ClusterSymbols();
        var target = new TargetOptions(unsignedPayload: false);
        var targetText = CliOptions.Text("--target", "s3://<bucket>|az://<container>|file:///<dir>", "Where this worker writes: the scheme and server of the target (each job names its bucket or container).");
        var advertise = CliOptions.Text("--advertise", "ip", "The address other silos reach this one at [default: 127.0.0.1, one host only].");
        var partSize = CliOptions.Size("--part-size", "The size of each part [default: 8MiB].");
        var threads = CliOptions.WithAlias(CliOptions.WholeNumber("--threads", "n", "Parts of one file uploaded at once [default: 3]."), "--parts-in-flight");
        var maxBandwidth = CommonOptions.MaxBandwidth("every part this worker sends, whichever job it belongs to");
        var items = CliOptions.WholeNumber("--items", "n", "Work items this worker runs at once [default: 2].");
        var verbose = CommonOptions.Verbose();
        var command = new Command("worker", "Run an upload worker of a cluster (an Orleans silo on Redis) until Ctrl-C or SIGTERM.");
        cluster.AddTo(command);
        command.Options.Add(targetText);
        target.AddTo(command);
        foreach (var option in new Option[] { advertise, partSize, threads, maxBandwidth, items, verbose })
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (result.GetResult(cluster.Cluster) is not { Implicit: false } || result.GetResult(targetText) is not { Implicit: false })
            {
                result.AddError("worker needs --cluster redis:<host:port> and --target. Usage: " + Usage.Of(command));
            }
        });
        command.SetAction((parse, _) => RunAsync(
            new WorkerArguments(
                cluster.Read(parse),
                DestinationParser.Parse(parse.GetValue(targetText)!, target.Read(parse, cli), prefix: true),
                parse.GetValue(advertise),
                parse.GetValue(partSize),
                parse.GetValue(threads),
                parse.GetValue(maxBandwidth),
                parse.GetValue(items) ?? 2,
                parse.GetValue(verbose)),
            cli));
        return command;
    }

    private static async Task<int> RunAsync(WorkerArguments args, CliContext cli)
    {
        var cluster = args.Cluster;
        var destination = args.Destination;
        var advertise = args.Advertise is { } ip
            ? IPAddress.TryParse(ip, out var address) ? address : throw new UsageException($"--advertise: '{ip}' is not an IP address.")
            : IPAddress.Loopback;

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(args.Verbose ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddProvider(new StderrLoggerProvider(cli.Stderr));
        builder.Logging.AddFilter("Orleans", LogLevel.Error); // its start-up notes (GC mode, slow turns) are not the user's business
        builder.UseOrleans(silo =>
        {
            cluster.ConfigureSilo(silo, advertise);
            var upload = silo.AddResumableUploadWorker(
                o =>
                {
                    if (args.PartSize is { } size)
                    {
                        o.PartSize = size;
                    }

                    if (args.Threads is { } threads)
                    {
                        o.PartsInFlight = threads;
                    }

                    o.MaxBytesPerSecond = args.MaxBytesPerSecond;
                },
                w => w.ItemsInFlight = args.Items);
            destination.Use(upload);
        });
        using var host = builder.Build();
        await host.StartAsync(cli.Cancellation).ConfigureAwait(false);
        cli.Out.WriteLine($"worker up: cluster {cluster.Redis.EndPoints.FirstOrDefault()}, target {destination.Display}; Ctrl-C stops it (its work items return to the pool).");
        try
        {
            await Task.Delay(Timeout.Infinite, cli.Cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        // A graceful leave (grains handed over, membership updated) gets 30 seconds; then the process ends anyway,
        // as a killed worker would: its items return to the pool when their lease runs out.
        using var leave = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await host.StopAsync(leave.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        return ExitCodes.Success;
    }

    private sealed record WorkerArguments(ClusterSpec Cluster, Destination Destination, string? Advertise, long? PartSize, int? Threads, long? MaxBytesPerSecond, int Items, bool Verbose);
}
