using System.Net;
using System.Net.Sockets;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Reliability.Tests.Faults;

/// <summary>
/// <c>--network-timeout</c> on the real CLI: against a server that accepts the connection and then never answers, an
/// upload fails after the given timeout per try (S3: the stall guard; Azure: Azure.Core's network timeout) instead of
/// 100 s per try, exits 1 with its checkpoint kept; a value out of range is a usage error naming the option.
/// </summary>
public sealed class NetworkTimeoutCliTests : IDisposable
{
    private readonly TempDirectory temp = new();

    [Fact]
    public async Task Upload_S3ServerNeverAnswers_EachTryStopsAtTheTimeoutExit1CheckpointKept()
    {
        using var silent = SilentServer.Start();
        var checkpoints = temp.SubDirectory("ckpt-s3");
        var env = new Dictionary<string, string>
        {
            ["AWS_ACCESS_KEY_ID"] = "SILENTSERVERKEY00001",
            ["AWS_SECRET_ACCESS_KEY"] = "silent-server-secret-00000000000000000001",
            ["AWS_REGION"] = "us-east-1",
            ["AWS_EC2_METADATA_DISABLED"] = "true",
        };

        var (code, output) = await Rupload.RunAsync(["upload", temp.RandomFile("s.bin", 1000), "s3://bucket/s.bin", "--endpoint", silent.Url, "--network-timeout", "0.3s", "--checkpoint", "dir:" + checkpoints], env);

        Assert.True(code == 1, $"exit {code}, expected 1: {output}");
        Assert.Contains("nothing was sent or received for 0.3 s", output, StringComparison.Ordinal);
        Assert.Contains("--network-timeout", output, StringComparison.Ordinal); // the CLI user is told which flag sets it
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.True(silent.Connections >= 2, $"{silent.Connections} connection(s): the try was not retried");
    }

    [Fact]
    public async Task Upload_AzureServerNeverAnswers_EachTryStopsAtTheTimeoutExit1()
    {
        using var silent = SilentServer.Start();
        var env = new Dictionary<string, string>
        {
            ["AZURE_STORAGE_CONNECTION_STRING"] = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};BlobEndpoint={silent.Url}/devstoreaccount1;",
        };

        // Without the option each try would wait Azure.Core's 100 s: six tries outlast the helper's 3-minute wait.
        var (code, output) = await Rupload.RunAsync(["upload", temp.RandomFile("a.bin", 1000), "az://container/a.bin", "--network-timeout", "0.3s", "--checkpoint", "dir:" + temp.SubDirectory("ckpt-az")], env);

        Assert.True(code == 1, $"exit {code}, expected 1: {output}");
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
        Assert.True(silent.Connections >= 2, $"{silent.Connections} connection(s): the try was not retried");
    }

    [Theory]
    [InlineData("0s")]
    [InlineData("2h")]
    public async Task Upload_NetworkTimeoutOutOfRange_Exit2NamingTheOption(string value)
    {
        var (code, output) = await Rupload.RunAsync(["upload", temp.RandomFile("r.bin", 10), "s3://bucket/r.bin", "--endpoint", "http://127.0.0.1:9", "--network-timeout", value, "--checkpoint", "none"]);

        Assert.True(code == 2, $"exit {code}, expected 2: {output}");
        Assert.Contains("--network-timeout: must be between 0.01s and 1h", output, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        temp.Dispose();
    }

    /// <summary>Accepts every connection and keeps it open, reading nothing and answering nothing.</summary>
    private sealed class SilentServer : IDisposable
    {
        private readonly TcpListener listener;
        private readonly List<Socket> accepted = [];
        private readonly Task loop;

        private SilentServer(TcpListener listener)
        {
            this.listener = listener;
            loop = Task.Run(AcceptAsync);
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

        public int Connections
        {
            get
            {
                lock (accepted)
                {
                    return accepted.Count;
                }
            }
        }

        public static SilentServer Start()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return new SilentServer(listener);
        }

        public void Dispose()
        {
            listener.Stop();
            try
            {
                loop.Wait(TimeSpan.FromSeconds(5));
            }
            catch (AggregateException)
            {
            }

            lock (accepted)
            {
                accepted.ForEach(s => s.Dispose());
            }
        }

        private async Task AcceptAsync()
        {
            try
            {
                while (true)
                {
                    var socket = await listener.AcceptSocketAsync();
                    lock (accepted)
                    {
                        accepted.Add(socket);
                    }
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Stopped.
            }
        }
    }
}
