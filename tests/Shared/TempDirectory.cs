namespace ResumableUpload.TestSupport;

/// <summary>A fresh directory under the test work folder, deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public TempDirectory()
    {
        var root = Environment.GetEnvironmentVariable("RUPLOAD_TEST_WORK") ?? System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(root, "t-" + Guid.NewGuid().ToString("N")[..12]);
        System.IO.Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public string SubDirectory(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        System.IO.Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes <paramref name="length"/> seeded random bytes to a new file and returns its path.</summary>
    public string RandomFile(string name, long length, int seed = 1)
    {
        var path = File(name);
        TestData.WriteRandomFile(path, length, seed);
        return path;
    }

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
