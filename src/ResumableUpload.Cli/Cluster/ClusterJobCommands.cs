using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Hosting;
using ResumableUpload.Batch;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Commands;
using ResumableUpload.Cli.Destinations;
using ResumableUpload.Cli.Output;
using ResumableUpload.Orleans;

namespace ResumableUpload.Cli.Cluster;

/// <summary>
/// <c>upload</c>, <c>status</c> and <c>abort</c> with <c>--cluster</c>: submit a job to the workers and follow it, list
/// the jobs, abort one. The job runs in the cluster: Ctrl-C stops following it, not the job.
/// </summary>
internal static class ClusterJobCommands
{
    public static async Task<int> UploadAsync(UploadSymbols symbols, ParseResult parse, CliContext cli)
    {
        if (symbols.Object.All.FirstOrDefault(o => o != symbols.Object.ContentType && CliOptions.Given(parse, o)) is { } objectOption)
        {
            throw new UsageException($"{objectOption.Name} is not carried to cluster jobs yet; upload without --cluster to set object options other than --content-type.");
        }

        var positionals = symbols.Positionals(parse);
        var source = Path.GetFullPath(positionals[0]);
        var isDirectory = Directory.Exists(source);
        var destination = DestinationParser.Parse(positionals[1], symbols.Target.Read(parse, cli), prefix: isDirectory);
        var location = destination.Location;
        var properties = new ObjectProperties { ContentType = parse.GetValue(symbols.Object.ContentType) };
        var files = isDirectory
            ? await DirectoryFilesAsync(source, location, properties, parse.GetValue(symbols.Include) ?? [], parse.GetValue(symbols.Exclude) ?? [], cli.Cancellation).ConfigureAwait(false)
            : [new UploadRequest { SourcePath = source, Bucket = location.Bucket, Key = location.Key, Properties = properties }];
        var options = new UploadJobOptions();
        if (parse.GetValue(symbols.PartSize) is { } size)
        {
            options.PartSize = size;
        }

        if (parse.GetValue(symbols.Lease) is { } lease)
        {
            options.LeaseDuration = lease;
        }

        return await WithClientAsync(symbols.Cluster.Read(parse), cli, async client =>
        {
            UploadJobStatus status;
            try
            {
                status = await client.SubmitAsync(files, options, cli.Cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cli.Cancellation.IsCancellationRequested)
            {
                cli.Error.WriteLine("rupload: interrupted before the cluster confirmed the job; rupload status --cluster … shows whether it was submitted (submitting again attaches to it).");
                return ExitCodes.Interrupted;
            }

            cli.Out.WriteLine($"job {status.JobId}: {status.FilesTotal} files, {ByteFormat.Size(status.BytesTotal)} ({(status.State == UploadJobState.Running ? "running" : status.State.ToString().ToLowerInvariant())})");
            try
            {
                var done = await client.WaitAsync(status.JobId, new Progress<UploadJobStatus>(s => cli.Error.WriteLine(Line(s))), TimeSpan.FromSeconds(1), cli.Cancellation).ConfigureAwait(false);
                return Report(done, cli);
            }
            catch (OperationCanceledException) when (cli.Cancellation.IsCancellationRequested)
            {
                cli.Error.WriteLine($"rupload: stopped following job {status.JobId}; it keeps running in the cluster. Follow it with rupload status --cluster …, stop it with rupload abort --cluster … {status.JobId}.");
                return ExitCodes.Interrupted;
            }
        }).ConfigureAwait(false);
    }

    public static async Task<int> StatusAsync(ClusterSpec cluster, CliContext cli)
        => await WithClientAsync(cluster, cli, async client =>
        {
            var jobs = await client.ListAsync(cli.Cancellation).ConfigureAwait(false);
            foreach (var job in jobs.OrderBy(j => j.SubmittedAt))
            {
                cli.Out.WriteLine(Line(job) + string.Create(CultureInfo.InvariantCulture, $"  submitted {job.SubmittedAt:u}"));
            }

            if (jobs.Count == 0)
            {
                cli.Out.WriteLine("No jobs in this cluster.");
            }

            return ExitCodes.Success;
        }).ConfigureAwait(false);

    public static async Task<int> AbortAsync(ClusterSpec cluster, string jobId, CliContext cli)
        => await WithClientAsync(cluster, cli, async client =>
        {
            UploadJobStatus status;
            try
            {
                status = await client.AbortAsync(jobId, cli.Cancellation).ConfigureAwait(false);
            }
            catch (KeyNotFoundException ex)
            {
                throw new UsageException(ex.Message);
            }

            cli.Out.WriteLine(Line(status));
            return ExitCodes.Success;
        }).ConfigureAwait(false);

    /// <summary>The batch engine's view of a directory: the globs applied, symbolic links to directories not followed; in path order, so a job's id is stable.</summary>
    private static async Task<List<UploadRequest>> DirectoryFilesAsync(string root, ObjectLocation location, ObjectProperties properties, string[] include, string[] exclude, CancellationToken cancellationToken)
    {
        var request = new DirectoryUploadRequest { Directory = root, Bucket = location.Bucket, KeyPrefix = location.Key, Include = include, Exclude = exclude, Properties = properties };
        var files = new List<UploadRequest>();
        await foreach (var file in DirectoryFiles.EnumerateAsync(DirectoryFiles.Root(request), request, cancellationToken).ConfigureAwait(false))
        {
            files.Add(file);
        }

        files.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return files;
    }

    private static string Line(UploadJobStatus s) => string.Create(
        CultureInfo.InvariantCulture,
        $"job {s.JobId}  {s.State.ToString().ToLowerInvariant()}  files {s.FilesDone}/{s.FilesTotal}{(s.FilesFailed > 0 ? $" ({s.FilesFailed} failed)" : string.Empty)}  {ByteFormat.Size(s.BytesDone)} of {ByteFormat.Size(s.BytesTotal)}  parts recorded {s.PartsRecorded}");

    private static int Report(UploadJobStatus done, CliContext cli)
    {
        cli.Out.WriteLine(Line(done));
        foreach (var error in done.Errors)
        {
            cli.Error.WriteLine("rupload: " + error);
        }

        return done.State == UploadJobState.Completed ? ExitCodes.Success : ExitCodes.FailedResumable;
    }

    private static async Task<int> WithClientAsync(ClusterSpec cluster, CliContext cli, Func<UploadJobClient, Task<int>> run)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Logging.AddProvider(new StderrLoggerProvider(cli.Stderr));
        builder.Logging.AddFilter("Orleans", LogLevel.Error); // its start-up notes (GC mode, slow turns) are not the user's business
        builder.UseOrleansClient(cluster.ConfigureClient);
        using var host = builder.Build();
        await host.StartAsync(cli.Cancellation).ConfigureAwait(false);
        try
        {
            return await run(new UploadJobClient(host.Services.GetRequiredService<IClusterClient>())).ConfigureAwait(false);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
