namespace ResumableUpload.Cli;

/// <summary>The process exit codes (documented in README).</summary>
internal static class ExitCodes
{
    /// <summary>The upload completed (or the command did what it was asked).</summary>
    public const int Success = 0;

    /// <summary>The upload failed but can be resumed: the checkpoint is kept; run the same command again.</summary>
    public const int FailedResumable = 1;

    /// <summary>Bad usage or input: the message names the problem.</summary>
    public const int BadInput = 2;

    /// <summary>
    /// A configuration error, with the same code as bad input: missing or refused credentials, no such bucket or
    /// container, an endpoint that is not that kind of server or where nothing answers. Running again cannot help until
    /// it is fixed; the one-line message names the variable, profile or flag to fix. A fresh upload leaves nothing behind.
    /// </summary>
    public const int Configuration = BadInput;

    /// <summary>Another process holds this upload's checkpoint.</summary>
    public const int Locked = 3;

    /// <summary>The source file changed during the upload; nothing was completed, the partial upload was aborted.</summary>
    public const int SourceChanged = 4;

    /// <summary>Interrupted (SIGINT/SIGTERM); the checkpoint is kept.</summary>
    public const int Interrupted = 130;
}
