namespace ResumableUpload.Cli.Commands;

/// <summary>The text of <c>rupload --help</c>.</summary>
internal static class HelpText
{
    public static string Full => $"""
        rupload: upload large files to object storage in parts, in parallel, resumably.

        Usage:
          {UploadCommand.Usage}
          {StatusCommand.Usage}
          {AbortCommand.Usage}
          {ListCommand.Usage}
          {SweepCommand.Usage}
          rupload --help | --version

        Destinations: {Destinations.DestinationParser.Schemes}
          s3:// uses the AWS environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION); --endpoint for other servers.
          --s3-addressing virtual|path puts the bucket in the host name or the path; the default is virtual-hosted for
          AWS and Alibaba OSS (*.amazonaws.com, *.aliyuncs.com, no --endpoint), path for IP addresses and other hosts.
          --s3-unsigned-payload skips the SHA-256 of every part (client and server): faster, but over http the body is
          then checked end to end only with --md5 or additional checksums.
          az:// uses AZURE_STORAGE_CONNECTION_STRING.
        Checkpoint stores: {CheckpointStoreSpec.Forms} (default: a folder under $XDG_STATE_HOME/rupload or ~/.local/state/rupload)
        Sizes: 8MiB, 512KiB, 1GiB or bytes. Run the same upload command again after a crash or Ctrl-C to resume.

        Exit codes: 0 done; 1 failed, resumable (checkpoint kept); 2 bad usage or input; 3 checkpoint locked by
        another process; 4 source changed during the upload (nothing completed); 130 interrupted.
        """;
}
