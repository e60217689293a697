using System.ComponentModel.DataAnnotations;
using ResumableUpload.Shared;

namespace ResumableUpload;

/// <summary>Options of the <see cref="FileCheckpointStore"/>.</summary>
public sealed class FileCheckpointStoreOptions : IValidatedOptions
{
    /// <summary>Gets or sets the directory that holds the checkpoints. It must exist (as in Alibaba OSS).</summary>
    /// <value>Required; there is no default.</value>
    [Required]
    public string Directory { get; set; } = string.Empty;

    /// <summary>
    /// Gets or sets a value indicating whether every part record is flushed to the disk (fsync) before the commit
    /// returns. Without it a record survives a killed process but may be lost with power; a lost record only means
    /// that part is sent again, never that a part is wrongly taken as done, so the default favours speed.
    /// The header is always written with temp file, fsync and rename.
    /// </summary>
    /// <value>The default is <see langword="false"/>.</value>
    public bool FlushPartsToDisk { get; set; }

    /// <inheritdoc />
    string IValidatedOptions.ValidationTitle => "Invalid file checkpoint store options:";

    /// <inheritdoc />
    void IValidatedOptions.AddRuleProblems(List<string> problems)
    {
        if (!string.IsNullOrWhiteSpace(Directory) && Directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            problems.Add("Directory: contains a character no path may contain.");
        }
    }
}
