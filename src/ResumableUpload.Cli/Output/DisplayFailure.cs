namespace ResumableUpload.Cli.Output;

/// <summary>A display that failed says so once and stops; the upload goes on.</summary>
internal static class DisplayFailure
{
    public static void Warn(TextWriter output, Exception ex)
    {
        try
        {
            output.WriteLine($"rupload: warning: progress display stopped ({ex.GetType().Name}: {ex.Message}); the upload goes on.");
        }
        catch (Exception writeFailure) when (writeFailure is not OutOfMemoryException)
        {
            // The writer itself is what failed: stay silent, the upload matters more than its display.
        }
    }
}
