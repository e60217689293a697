using System.CommandLine;
using ResumableUpload.Cli.CommandLine;

namespace ResumableUpload.Cli.Cluster;

/// <summary><c>--cluster redis:&lt;host:port&gt;</c> and <c>--cluster-id</c>, on <c>worker</c> and on the cluster forms of <c>upload</c>, <c>status</c> and <c>abort</c>.</summary>
internal sealed class ClusterSymbols
{
    public Option<string?> Cluster { get; } = CliOptions.Text("--cluster", "redis:<host:port>", "Cluster: the Redis that holds the workers' membership and the jobs; upload, status and abort then talk to the cluster's jobs.");

    public Option<string?> ClusterId { get; } = CliOptions.Text("--cluster-id", "name", "Cluster: keeps several clusters apart on one Redis [default: rupload].");

    public void AddTo(Command command)
    {
        command.Options.Add(Cluster);
        command.Options.Add(ClusterId);
    }

    /// <summary>Whether the command line names a cluster.</summary>
    public bool Given(ParseResult parse) => CliOptions.Given(parse, Cluster);

    public ClusterSpec Read(ParseResult parse) => ClusterSpec.Parse(parse.GetValue(Cluster), parse.GetValue(ClusterId));
}
