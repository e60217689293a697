using System.Collections.Concurrent;
using ResumableUpload.TestSupport;

namespace ResumableUpload.Cli.Tests.Batch;

/// <summary>
/// One run of <c>rupload upload &lt;dir&gt; &lt;prefix&gt;/ --verbose</c> in a child process, the per-file lines it prints
/// on stderr as the library yields each outcome (<c>rupload: uploaded|skipped|failed &lt;path&gt; -&gt; &lt;key&gt;</c>, after
/// the batch ledger recorded the file), its summary, and SIGKILL: a <see cref="Rupload"/> child whose stderr
/// lines are read as batch outcomes.
/// </summary>
internal sealed class BatchChild : IDisposable
{
    private readonly ConcurrentQueue<(string Status, string Key)> outcomes = new();
    private Rupload run = null!;
    private int uploaded;

    private BatchChild()
    {
    }

    /// <summary>Gets the files this run reported uploaded so far.</summary>
    public int Uploaded => Volatile.Read(ref uploaded);

    /// <summary>Gets the files this run resumed at part level from a checkpoint an earlier run left (<c>--verbose</c> logs each).</summary>
    public int Resumed => run.Output.Split('\n').Count(l => l.Contains("info: Resuming upload", StringComparison.Ordinal));

    /// <summary>Gets the outcome lines (uploaded, skipped, failed) in the order the child printed them.</summary>
    public IReadOnlyList<(string Status, string Key)> Outcomes => [.. outcomes];

    /// <summary>Gets everything the child printed (both streams), for a failure message.</summary>
    public string Output => run.Output;

    /// <summary>Called on a reader thread after each uploaded line, with the count so far.</summary>
    public Action<int>? OnUploaded { get; set; }

    public static BatchChild Start(IEnumerable<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var child = new BatchChild();
        child.run = Rupload.Start(args, new Dictionary<string, string>(environment), child.OnLine);
        return child;
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed, exactly like a crash.</summary>
    public void KillHard() => run.KillHard();

    /// <returns>The exit code (137 after SIGKILL); on timeout the child is killed and the test fails.</returns>
    public async Task<int> WaitAsync(TimeSpan timeout)
    {
        try
        {
            return await run.WaitAsync(timeout);
        }
        catch (OperationCanceledException)
        {
            run.KillHard();
            throw new Xunit.Sdk.XunitException($"the batch child did not end within {timeout.TotalSeconds:0} s:\n{Output}");
        }
    }

    public void Dispose() => run.Dispose();

    private void OnLine(string line)
    {
        var fields = line.Split(' ', 3);
        var arrow = line.LastIndexOf(" -> ", StringComparison.Ordinal);
        if (fields.Length == 3 && fields[0] == "rupload:" && fields[1] is "uploaded" or "skipped" or "failed" && arrow > 0)
        {
            outcomes.Enqueue((fields[1], line[(arrow + 4)..]));
            if (fields[1] == "uploaded")
            {
                OnUploaded?.Invoke(Interlocked.Increment(ref uploaded));
            }
        }
    }
}
