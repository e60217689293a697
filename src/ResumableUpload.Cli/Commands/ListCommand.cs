using System.Globalization;
using ResumableUpload.Cli.CommandLine;
using ResumableUpload.Cli.Destinations;

namespace ResumableUpload.Cli.Commands;

/// <summary><c>rupload list &lt;destination-prefix&gt;</c>: the uploads in progress on the target (initiated, never completed nor aborted).</summary>
internal static class ListCommand
{
    public const string Usage = "rupload list <destination-prefix> [--endpoint URL] [--s3-addressing virtual|path]";

    public static async Task<int> RunAsync(IEnumerable<string> tokens, CliContext cli)
    {
        var args = Arguments.Parse(tokens, ["--endpoint", "--s3-checksums"], []);
        args.ExpectPositionals(1, Usage);
        var destination = DestinationParser.Parse(args.Positionals[0], new DestinationSettings(cli.Environment, args.Value("--endpoint"), args.Value("--s3-checksums")) { S3Addressing = args.Value("--s3-addressing") }, prefix: true);
        using var owner = destination.Owner;
        var uploader = new ResumableUploader(destination.Target);
        var count = 0;
        await foreach (var upload in uploader.ListIncompleteUploadsAsync(destination.Location.Bucket, destination.Location.Key, cli.Cancellation).ConfigureAwait(false))
        {
            count++;
            cli.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{upload.InitiatedAt:u}  {upload.UploadId}  {upload.Location}"));
        }

        cli.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{count} upload(s) in progress under {destination.Display}"));
        return ExitCodes.Success;
    }
}
