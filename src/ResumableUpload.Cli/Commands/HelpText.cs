namespace ResumableUpload.Cli.Commands;

/// <summary>The text of <c>rupload --help</c>.</summary>
internal static class HelpText
{
    public static string Full => $"""
        rupload: upload large files to object storage in parts, in parallel, resumably.

        Usage:
          {UploadCommand.Usage}
          {BatchUploadCommand.Usage}
          {BatchUploadCommand.FilesFromUsage}
          {StatusCommand.Usage}
          {AbortCommand.Usage}
          {AbortCommand.BatchUsage}
          {ListCommand.Usage}
          {SweepCommand.Usage}
          {Cluster.WorkerCommand.Usage}
          {Cluster.ClusterJobCommands.UploadUsage}
          rupload status --cluster redis:<host:port> | rupload abort --cluster redis:<host:port> <job>
          rupload --help | --version

        Destinations: {Destinations.DestinationParser.Schemes}
          s3:// uses the AWS environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION); --endpoint for other servers.
          --s3-addressing virtual|path puts the bucket in the host name or the path; the default is virtual-hosted for
          AWS and Alibaba OSS (*.amazonaws.com, *.aliyuncs.com, no --endpoint), path for IP addresses and other hosts.
          --s3-unsigned-payload skips the SHA-256 of every part (client and server): faster, but over http the body is
          then checked end to end only with --md5 or additional checksums.
          az:// uses AZURE_STORAGE_CONNECTION_STRING.
        Checkpoint stores: {CheckpointStoreSpec.Forms} (default: a folder under $XDG_STATE_HOME/rupload or ~/.local/state/rupload)
        Directories and lists: the destination is a prefix ending in '/' (s3://bucket/prefix/, az://container/prefix/,
          file:///folder/, null://); each key is the prefix + the file's path relative to the directory, '/' between names.
          --include/--exclude GLOB (repeatable; **/*.csv, logs/**) match that relative path. --files-from reads one path
          per line from a file or stdin (-); relative paths start from <base-directory> (default: the current directory),
          keys are prefix + path relative to it, and a file outside it gets prefix + its file name. --files-in-flight N
          files at once (default 16); --stop-on-failure starts no file after the first failure. A rerun skips the files
          done (the batch's record is kept in the checkpoint store until every file is done) and resumes big files
          part-wise. One summary at the end: uploaded, skipped as already done, failed (each failed path with its reason,
          resumable or not). status lists unfinished batches; abort <directory> <prefix>/ drops one and aborts its
          interrupted uploads; sweep never aborts an upload a checkpoint records.
        Sizes: 8MiB, 512KiB, 1GiB or bytes. Run the same upload command again after a crash or Ctrl-C to resume.

        Exit codes: 0 done; 1 failed, resumable (checkpoint kept; for a batch: any file failed); 2 bad usage or input, or a
        configuration error (a batch stops at once); 3 checkpoint locked by another process (for a batch: the same batch
        is running); 4 source changed during the upload (nothing completed); 130 interrupted.
        """;
}
