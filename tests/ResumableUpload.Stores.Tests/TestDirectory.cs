namespace ResumableUpload.Stores.Tests;

/// <summary>A fresh directory under the test run's work folder (or the temp folder), deleted with the test.</summary>
internal sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        var root = Environment.GetEnvironmentVariable("RUPLOAD_TEST_WORK") is { Length: > 0 } work ? work : System.IO.Path.GetTempPath();
        Path = System.IO.Path.Combine(root, "stores-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

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
