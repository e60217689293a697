using System.Globalization;

namespace ResumableUpload.Cli.Tests.Batch;

/// <summary>
/// A local folder with the file checkpoint store (a folder of its own, which must end empty). The CLI roots the target
/// at the destination's folder, so keys are the files' relative paths and staging lives under it.
/// </summary>
internal sealed class LocalBatchTarget(string root, string checkpoints) : BatchTarget
{
    private const string Staging = ".rupload-uploads";

    public override string Destination => "file://" + root + "/";

    public override string KeyPrefix => string.Empty;

    public override string Checkpoint => "dir:" + checkpoints;

    public override long PartSize => 128L << 10;

    public override Task<IReadOnlyList<string>> DifferencesAsync(IReadOnlyDictionary<string, string> sources)
        => DifferencesByReadingAsync(sources, ReadAsync);

    private async Task<byte[]?> ReadAsync(string key)
    {
        var path = Path.Combine(root, key);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path) : null;
    }

    // Objects are written to a temp file and renamed into place, so a second write gives a new modification time
    // (nanoseconds on Linux file systems).
    public override Task<IReadOnlyDictionary<string, string>> WritesAsync()
    {
        IReadOnlyDictionary<string, string> writes = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => (Key: Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'), Path: f))
            .Where(f => !f.Key.StartsWith(Staging + "/", StringComparison.Ordinal) && !f.Key.EndsWith(".rupload-tmp", StringComparison.Ordinal))
            .ToDictionary(f => f.Key, f => File.GetLastWriteTimeUtc(f.Path).Ticks.ToString(CultureInfo.InvariantCulture), StringComparer.Ordinal);
        return Task.FromResult(writes);
    }

    public override async Task<IReadOnlyList<string>> LeftoversAsync()
    {
        var found = new List<string>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var upload in new LocalFolderTarget(root).ListUploadsAsync(string.Empty, string.Empty))
        {
            listed.Add(upload.UploadId);
            found.Add($"incomplete upload {upload.UploadId} of {upload.Location}");
        }

        // Staging the target cannot list (no readable manifest), and assembly temp files, would never be removed.
        var staging = Path.Combine(root, Staging);
        if (Directory.Exists(staging))
        {
            found.AddRange(Directory.EnumerateFileSystemEntries(staging).Where(e => !listed.Contains(Path.GetFileName(e))).Select(e => "unlisted staging left behind: " + e));
        }

        found.AddRange(Directory.EnumerateFiles(root, "*.rupload-tmp", SearchOption.AllDirectories).Select(f => "temp file left behind: " + f));
        found.AddRange(Directory.EnumerateFileSystemEntries(checkpoints).Select(f => "left in the checkpoint folder: " + Path.GetFileName(f)));
        return found;
    }
}
