using System.Text.Json;
using ResumableUpload.FileSystem;

namespace ResumableUpload.Targets.LocalFolder;

/// <summary>
/// An object's content type, metadata, headers and tags, kept beside it as <c>&lt;root&gt;/.rupload-properties/&lt;hash of its path&gt;.json</c>
/// (a file system has nowhere portable to keep them on the file itself).
/// </summary>
internal sealed class PropertiesSidecars(ObjectPaths paths)
{
    /// <summary>Stores the properties <paramref name="manifest"/> holds for the object, or removes them when it holds none.</summary>
    public void Write(ObjectLocation location, UploadManifest manifest)
    {
        var path = PathOf(location);
        if (manifest.HasNoProperties)
        {
            FileSystemErrors.TryDelete(path);
            return;
        }

        PrivateFiles.CreateDirectory(paths.Properties);
        File.WriteAllBytes(path, JsonSerializer.SerializeToUtf8Bytes(manifest, LocalFolderJson.Default.UploadManifest));
    }

    /// <summary>Reads the properties stored with an object, or <see langword="null"/> if it has none.</summary>
    public ObjectProperties? Read(ObjectLocation location)
    {
        var path = PathOf(location);
        if (!File.Exists(path))
        {
            return null;
        }

        var manifest = JsonSerializer.Deserialize(File.ReadAllBytes(path), LocalFolderJson.Default.UploadManifest);
        return manifest?.Properties;
    }

    private string PathOf(ObjectLocation location) => Path.Combine(paths.Properties, paths.NameFor(paths.Resolve(location)) + ".json");
}
