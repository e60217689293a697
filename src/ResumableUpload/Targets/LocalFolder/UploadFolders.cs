using System.Text.Json;
using ResumableUpload.FileSystem;

namespace ResumableUpload.Targets.LocalFolder;

/// <summary>
/// The crash-safe lifecycle of upload folders, <c>&lt;root&gt;/.rupload-uploads/&lt;upload id&gt;/</c>: an upload folder
/// appears by renaming a prepared one and disappears by being renamed before it is deleted, so a process killed at any
/// moment leaves either a whole upload or a folder with one of those suffixes, which the next initiate removes.
/// </summary>
internal sealed class UploadFolders(string staging)
{
    private const string ManifestName = "upload.json";
    private const string PreparingSuffix = ".new";
    private const string DeletingSuffix = ".gone";
    private const int CreateAttempts = 3;

    /// <summary>Creates an upload folder holding <paramref name="manifest"/>.</summary>
    /// <returns>The new upload id.</returns>
    public string Create(UploadManifest manifest)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(manifest, LocalFolderJson.Default.UploadManifest);
        FileSystemErrors.Guard(() =>
        {
            PrivateFiles.CreateDirectory(staging);
            RemoveDebris();
        });
        for (var attempt = 1; ; attempt++)
        {
            var uploadId = Guid.NewGuid().ToString("N");
            var folder = PathOf(uploadId);
            var preparing = folder + PreparingSuffix;
            try
            {
                FileSystemErrors.Guard(() =>
                {
                    PrivateFiles.CreateDirectory(preparing);
                    File.WriteAllBytes(Path.Combine(preparing, ManifestName), bytes);
                    Directory.Move(preparing, folder);
                });
                return uploadId;
            }
            catch (TargetException ex) when (ex.InnerException is DirectoryNotFoundException && attempt < CreateAttempts)
            {
                // Another initiate took this half-prepared folder for a killed one and removed it: prepare another.
            }
        }
    }

    /// <summary>Gives the folder of an upload id this target could have issued.</summary>
    /// <exception cref="TargetException"><see cref="TargetErrorKind.UploadNotFound"/> for any other id.</exception>
    public string PathOf(string uploadId)
    {
        if (!IsUploadId(uploadId))
        {
            throw new TargetException(TargetErrorKind.UploadNotFound, "NoSuchUpload", "The upload id is not one this target issued.");
        }

        return Path.Combine(staging, uploadId);
    }

    /// <summary>Reads the manifest of an upload of the object at <paramref name="location"/>.</summary>
    /// <exception cref="TargetException"><see cref="TargetErrorKind.UploadNotFound"/> when there is no such upload of that object.</exception>
    public UploadManifest ReadManifest(ObjectLocation location, string uploadId)
    {
        var path = Path.Combine(PathOf(uploadId), ManifestName);
        UploadManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize(File.ReadAllBytes(path), LocalFolderJson.Default.UploadManifest);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new TargetException(TargetErrorKind.UploadNotFound, "NoSuchUpload", $"The upload {uploadId} does not exist; it may have been completed or aborted.", innerException: ex);
        }
        catch (JsonException ex)
        {
            throw new TargetException(TargetErrorKind.UploadNotFound, "NoSuchUpload", $"The upload {uploadId} is damaged.", innerException: ex);
        }

        if (manifest is null || !manifest.Describes(location))
        {
            throw new TargetException(TargetErrorKind.UploadNotFound, "NoSuchUpload", $"The upload {uploadId} does not belong to '{location}'.");
        }

        return manifest;
    }

    /// <summary>Lists the whole uploads, skipping folders being prepared, deleted, created or removed right now.</summary>
    public IEnumerable<(string UploadId, UploadManifest Manifest)> List()
    {
        if (!Directory.Exists(staging))
        {
            yield break;
        }

        foreach (var folder in Directory.EnumerateDirectories(staging))
        {
            var name = Path.GetFileName(folder);
            if (!IsUploadId(name))
            {
                continue; // being prepared or deleted
            }

            UploadManifest? manifest;
            try
            {
                manifest = JsonSerializer.Deserialize(File.ReadAllBytes(Path.Combine(folder, ManifestName)), LocalFolderJson.Default.UploadManifest);
            }
            catch (Exception ex) when (ex is IOException or JsonException)
            {
                continue; // being created or removed right now
            }

            if (manifest is not null)
            {
                yield return (name, manifest);
            }
        }
    }

    /// <summary>Renames the folder out of the way (the upload is gone from then on), then deletes it, best effort.</summary>
    public void Delete(string uploadId)
    {
        var gone = PathOf(uploadId) + DeletingSuffix;
        Directory.Move(PathOf(uploadId), gone);
        FileSystemErrors.TryDeleteFolder(gone);
    }

    private static bool IsUploadId(string name) => name.Length == 32 && name.All(char.IsAsciiHexDigitLower);

    /// <summary>
    /// Removes what killed processes leave in staging: folders being prepared or deleted, and (from versions that
    /// created and deleted upload folders in place) upload folders without their manifest. No listing shows them.
    /// </summary>
    private void RemoveDebris()
    {
        foreach (var folder in Directory.EnumerateDirectories(staging))
        {
            var name = Path.GetFileName(folder);
            if (name.EndsWith(PreparingSuffix, StringComparison.Ordinal) || name.EndsWith(DeletingSuffix, StringComparison.Ordinal)
                || (IsUploadId(name) && !File.Exists(Path.Combine(folder, ManifestName))))
            {
                FileSystemErrors.TryDeleteFolder(folder);
            }
        }
    }
}
