namespace ResumableUpload.Cli.Output;

/// <summary>How progress is shown.</summary>
internal enum ProgressMode
{
    /// <summary>A live display redrawn in place (Spectre.Console), when stderr is a terminal.</summary>
    Bar,

    /// <summary>Plain lines at an interval, when stderr is redirected: the stable format scripts parse.</summary>
    Lines,

    /// <summary>Nothing.</summary>
    None,

    /// <summary>One JSON object per line on stdout (<c>--json</c>).</summary>
    Json,
}
