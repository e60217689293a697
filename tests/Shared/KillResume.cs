using System.Globalization;
using System.Text.RegularExpressions;

namespace ResumableUpload.TestSupport;

/// <summary>Runs <c>rupload upload</c> and SIGKILLs it once it has reported a given number of finished parts.</summary>
public static partial class KillResume
{
    /// <returns>The parts the run had reported done when it was killed.</returns>
    public static async Task<int> RunAndKillAtAsync(string[] args, int killAtPart, IDictionary<string, string>? environment = null)
    {
        var reported = 0;
        var killed = new TaskCompletionSource();
        Rupload? run = null;
        run = Rupload.Start(args, environment, line =>
        {
            var match = PartsDone().Match(line);
            if (!match.Success)
            {
                return;
            }

            var done = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            Volatile.Write(ref reported, done);
            if (done >= killAtPart && killed.TrySetResult())
            {
                run!.KillHard();
            }
        });
        using (run)
        {
            var code = await run.WaitAsync(TimeSpan.FromMinutes(3));
            if (!killed.Task.IsCompleted)
            {
                throw new Xunit.Sdk.XunitException($"the run ended by itself (exit {code}) before reaching part {killAtPart}: {run.Output}");
            }

            return Volatile.Read(ref reported);
        }
    }

    /// <summary>
    /// Runs the upload and SIGKILLs it the moment <paramref name="condition"/> holds, checked on every file event under
    /// <paramref name="watched"/> (for windows, such as the object being assembled, that no progress line marks).
    /// </summary>
    /// <returns>Whether the kill landed while the condition held (false when the run ended first).</returns>
    public static async Task<bool> RunAndKillWhenAsync(string[] args, string watched, Func<bool> condition, IDictionary<string, string>? environment = null)
    {
        using var run = Rupload.Start(args, environment);
        var killed = await WhenAsync(run, watched, condition, static r => r.KillHard());
        await run.WaitAsync(TimeSpan.FromMinutes(3));
        return killed;
    }

    /// <summary>
    /// Applies <paramref name="action"/> to the run the moment <paramref name="condition"/> holds. The condition is a
    /// fact about files under <paramref name="watched"/> and is checked on each file created or renamed there (inotify),
    /// never by a thread spinning on it.
    /// </summary>
    /// <returns>Whether the action ran (false when the run ended first).</returns>
    public static Task<bool> WhenAsync(Rupload run, string watched, Func<bool> condition, Action<Rupload> action)
        => WhenAsync(run, watched, condition, r =>
        {
            action(r);
            return true;
        });

    /// <summary>
    /// As <see cref="WhenAsync(Rupload, string, Func{bool}, Action{Rupload})"/>, but <paramref name="tryAct"/> may
    /// decline (undo what it did and return false); the next file event tries again.
    /// </summary>
    /// <returns>Whether the action ran and held (false when the run ended first).</returns>
    public static Task<bool> WhenAsync(Rupload run, string watched, Func<bool> condition, Func<Rupload, bool> tryAct)
        => WhenAsync(() => run.HasExited, run.ExitedAsync(), watched, condition, () => tryAct(run));

    /// <summary>
    /// Runs <paramref name="tryAct"/> the moment <paramref name="condition"/> holds, checked on each file created or
    /// renamed under <paramref name="watched"/> (inotify) while the process lives (<paramref name="hasExited"/>,
    /// <paramref name="exited"/>); <paramref name="tryAct"/> may decline (return false) and the next event tries again.
    /// </summary>
    /// <returns>Whether the action ran and held (false when the process ended first).</returns>
    public static async Task<bool> WhenAsync(Func<bool> hasExited, Task exited, string watched, Func<bool> condition, Func<bool> tryAct)
    {
        var acted = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new Lock();
        void Check()
        {
            lock (gate)
            {
                if (!acted.Task.IsCompleted && !hasExited() && condition() && tryAct())
                {
                    acted.TrySetResult(true);
                }
            }
        }

        using var watcher = new FileSystemWatcher(watched) { IncludeSubdirectories = true, NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName };
        watcher.Created += (_, _) => Check();
        watcher.Renamed += (_, _) => Check();
        watcher.Error += (_, _) => Check(); // an overflowed event queue: the state is re-read on the next event anyway
        watcher.EnableRaisingEvents = true;
        Check(); // what happened before the watch began
        await Task.WhenAny(acted.Task, exited);
        lock (gate)
        {
            acted.TrySetResult(false);
        }

        return await acted.Task;
    }

    /// <summary>Kills the same upload at each point in turn (each run resuming the last), then runs it to the end.</summary>
    /// <returns>The final run's exit code and output, and the parts it reported resumed.</returns>
    /// <param name="pauseAfterKill">How long to wait after each kill, for stores whose leases must expire before a takeover.</param>
    /// <param name="localTarget">
    /// When given (a local folder target's root), the kill is triggered from the parts placed there, on their file
    /// events, instead of from the progress lines (which a loaded test process may read too late to stop a fast upload).
    /// </param>
    public static async Task<(int ExitCode, string Output, int Resumed, List<int> KilledAt)> KillAtEachThenFinishAsync(string[] args, int[] killPoints, int totalParts, IDictionary<string, string>? environment = null, TimeSpan pauseAfterKill = default, string? localTarget = null)
    {
        var killedAt = new List<int>();
        foreach (var point in killPoints)
        {
            int done;
            if (localTarget is null)
            {
                done = await RunAndKillAtAsync(args, point, environment);
            }
            else
            {
                _ = await RunAndKillWhenAsync(args, localTarget, () => LocalPartsOnTarget(localTarget) >= point, environment);
                done = LocalPartsOnTarget(localTarget);
            }

            if (done < point || done >= totalParts)
            {
                throw new Xunit.Sdk.XunitException($"the run was meant to die between part {point} and the end, but reported {done}");
            }

            killedAt.Add(done);
            await Task.Delay(pauseAfterKill);
        }

        var (code, output) = await Rupload.RunAsync(args, environment);
        var match = ResumedParts().Match(output);
        return (code, output, match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : 0, killedAt);
    }

    /// <summary>Parts the local folder target under <paramref name="root"/> holds for its uploads in progress.</summary>
    public static int LocalPartsOnTarget(string root)
    {
        try
        {
            return Directory.EnumerateFiles(Path.Combine(root, ".rupload-uploads"), "*.placed", SearchOption.AllDirectories).Count();
        }
        catch (IOException)
        {
            return 0; // not created yet, or a folder vanished while being listed
        }
    }

    [GeneratedRegex(@"parts (\d+)/\d+")]
    private static partial Regex PartsDone();

    [GeneratedRegex(@"(\d+) resumed")]
    private static partial Regex ResumedParts();
}
