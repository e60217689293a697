using System.IO.Pipes;
using ResumableUpload.Sources;

namespace ResumableUpload.Tests.Sources;

/// <summary><see cref="PipeCapacity"/>: a stdin pipe is raised from the kernel's 64 KiB to 1 MiB; anything else is left alone.</summary>
public sealed class PipeCapacityTests
{
    [Fact]
    public async Task TryRaise_OnAPipe_RaisesItToOneMebibyte()
    {
        Assert.True(OperatingSystem.IsLinux(), "the CI machine is Linux");
        using var writer = new AnonymousPipeServerStream(PipeDirection.Out);
        using var reader = new AnonymousPipeClientStream(PipeDirection.In, writer.ClientSafePipeHandle);
        var descriptor = (int)reader.SafePipeHandle.DangerousGetHandle();

        var raised = PipeCapacity.TryRaise(descriptor);

        Assert.Equal(PipeCapacity.Wanted, raised);

        // The pipe takes 1 MiB without a reader: at 64 KiB a write this large would block.
        var bytes = new byte[PipeCapacity.Wanted];
        await writer.WriteAsync(bytes).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void TryRaise_OnARegularFile_DoesNothing()
    {
        var path = Path.GetTempFileName();
        try
        {
            using var file = File.OpenHandle(path);
            Assert.Null(PipeCapacity.TryRaise((int)file.DangerousGetHandle()));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
