namespace ResumableUpload.Reliability.Tests.Infrastructure;

/// <summary>A fresh folder for one test, deleted on dispose.</summary>
public sealed class Scratch : IDisposable
{
    public Scratch()
    {
        var root = Environment.GetEnvironmentVariable("RUPLOAD_TEST_WORK") ?? System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(root, "r-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Sub(string name)
    {
        var path = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(path);
        return path;
    }

    public string RandomFile(string name, long length, int seed)
    {
        var path = System.IO.Path.Combine(Path, name);
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
