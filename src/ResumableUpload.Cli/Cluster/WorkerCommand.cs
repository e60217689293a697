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
    public const string Usage = "rupload worker --cluster redis:<host:port> --target s3://<bucket>|az://<container>|file:///<dir> [--cluster-id <name>] [--endpoint <url>] [--advertise <ip>] [--part-size <size>] [--threads <n>] [--items <n>]";

    public static async Task<int> RunAsync(IEnumerable<string> tokens, CliContext cli)
    {
        var args = Arguments.Parse(tokens, ["--cluster", "--cluster-id", "--target", "--endpoint", "--advertise", "--part-size", "--threads", "--items", "--s3-checksums"], ["--verbose", "-v"]);
        args.ExpectPositionals(0, Usage);
        var cluster = ClusterSpec.Parse(args.Value("--cluster"), args.Value("--cluster-id"));
        var targetText = args.Value("--target") ?? throw new UsageException($"worker needs --target (where it writes). Usage: {Usage}");
        var destination = DestinationParser.Parse(targetText, UploadCommand.Settings(args, cli), prefix: true);
        using var owner = destination.Owner;
        var options = UploadCommand.ParseOptions(args);
        var items = args.Value("--items") is { } n ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 2;
        var advertise = args.Value("--advertise") is { } ip
            ? IPAddress.TryParse(ip, out var address) ? address : throw new UsageException($"--advertise: '{ip}' is not an IP address.")
            : IPAddress.Loopback;

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(args.Flag("--verbose") || args.Flag("-v") ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddProvider(new StderrLoggerProvider(cli.Error));
        builder.Logging.AddFilter("Orleans", LogLevel.Error); // its start-up notes (GC mode, slow turns) are not the user's business
        builder.UseOrleans(silo =>
        {
            cluster.ConfigureSilo(silo, advertise);
            silo.AddResumableUploadWorker(
                o =>
                {
                    o.PartSize = options.PartSize;
                    o.Threads = options.Threads;
                    o.Checksum = options.Checksum;
                },
                w => w.ItemsInFlight = items);
            silo.Services.AddSingleton<IMultipartTarget>(destination.Target);
        });
        using var host = builder.Build();
        await host.StartAsync(cli.Cancellation).ConfigureAwait(false);
        cli.Out.WriteLine($"worker up: cluster {cluster.Redis.EndPoints.FirstOrDefault()}, target {destination.Target.Identity}; Ctrl-C stops it (its work items return to the pool).");
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
}
