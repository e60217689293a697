using ResumableUpload.FileSystem;

namespace ResumableUpload.Targets.LocalFolder;

/// <summary>
/// A small object in one request: written and verified in the staging folder under a name derived from the object, then
/// renamed into place. A process killed mid-put leaves its partial copy where the next put of that object finds and
/// removes it, not hidden next to the object.
/// </summary>
internal sealed class SinglePut(ObjectPaths paths, PropertiesSidecars properties)
{
    private const string TempExtension = ".rupload-tmp";

    public async Task<ulong> PutAsync(ObjectLocation location, Stream content, long length, PartChecksums checksums, ObjectProperties objectProperties, CancellationToken cancellationToken)
    {
        var destination = paths.Resolve(location);
        var prefix = "put-" + paths.NameFor(destination, bytes: 16) + ".";
        var temp = Path.Combine(paths.Staging, $"{prefix}{Guid.NewGuid():N}{TempExtension}");
        try
        {
            FileSystemErrors.Guard(() =>
            {
                Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                PrivateFiles.CreateDirectory(paths.Staging);
                RemoveStaleFiles(prefix);
            });
            var request = new PartUploadRequest(location, "put", 1, length, checksums, () => content);
            var crc = await VerifiedWrites.WriteNewFileAsync(request, checksums.Algorithm, temp, cancellationToken).ConfigureAwait(false);
            FileSystemErrors.Guard(() =>
            {
                File.Move(temp, destination, overwrite: true);
                properties.Write(location, UploadManifest.For(location, checksums.Algorithm, objectProperties));
            });
            return crc;
        }
        finally
        {
            FileSystemErrors.TryDelete(temp);
        }
    }

    /// <summary>Removes the put files of one object that no put holds open (a put holds its file exclusively while writing it).</summary>
    private void RemoveStaleFiles(string prefix)
    {
        foreach (var file in Directory.EnumerateFiles(paths.Staging, prefix + "*" + TempExtension))
        {
            try
            {
                new FileStream(file, FileMode.Open, FileAccess.ReadWrite, FileShare.None).Dispose();

                // At worst a put that just closed its file, about to rename it, now fails and is run again: never a wrong object.
                File.Delete(file);
            }
            catch (IOException)
            {
                // being written, or already gone
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}
