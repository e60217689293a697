using System.Diagnostics;
using System.Globalization;

namespace ResumableUpload;

/// <summary>
/// The process that holds a lease, as stores with expiring leases record it next to the lease token: host name, boot
/// id and process namespace (Linux), process id and the process's start time. A holder recorded on this host whose
/// process no longer exists (or whose id now names a process started at another time) is known dead, so a successor
/// may take its lease over at once instead of waiting for it to expire. A holder on another host is never judged.
/// </summary>
/// <param name="Host">The host name.</param>
/// <param name="BootId">The kernel's boot id (<c>/proc/sys/kernel/random/boot_id</c>), or empty where there is none.</param>
/// <param name="ProcessNamespace">The process-id namespace (<c>/proc/self/ns/pid</c>), or empty where there is none.</param>
/// <param name="ProcessId">The process id.</param>
/// <param name="StartTime">
/// When the process started: clock ticks after boot (field 22 of <c>/proc/&lt;pid&gt;/stat</c>) on Linux, UTC ticks
/// elsewhere. Together with the process id it names one process, even after the id is reused.
/// </param>
public sealed record LeaseHolder(string Host, string BootId, string ProcessNamespace, int ProcessId, long StartTime)
{
    private const string FormatVersion = "1";
    private const string None = "-";
    private static readonly Lazy<LeaseHolder> CurrentHolder = new(() => OfProcess(Environment.ProcessId)
        ?? throw new InvalidOperationException("The identity of the current process cannot be read."));

    /// <summary>Gets the identity of the current process.</summary>
    /// <exception cref="InvalidOperationException">The process's own identity cannot be read (no such process: never expected).</exception>
    public static LeaseHolder Current => CurrentHolder.Value;

    /// <summary>Gets a value indicating whether the holder was recorded on this host (same host name and, on Linux, same process namespace).</summary>
    public bool IsOnThisHost
        => string.Equals(Host, Current.Host, StringComparison.Ordinal)
            && string.Equals(ProcessNamespace, Current.ProcessNamespace, StringComparison.Ordinal);

    /// <summary>Reads the identity of a process on this host.</summary>
    /// <param name="processId">The process id.</param>
    /// <returns>The identity, or <see langword="null"/> when no live process has that id (a zombie counts as dead).</returns>
    public static LeaseHolder? OfProcess(int processId)
    {
        var host = Environment.MachineName;
        if (OperatingSystem.IsLinux())
        {
            return ReadLinuxStartTime(processId) is { } ticks
                ? new LeaseHolder(host, LinuxBootId.Value, LinuxProcessNamespace.Value, processId, ticks)
                : null;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return new LeaseHolder(host, string.Empty, string.Empty, processId, process.StartTime.ToUniversalTime().Ticks);
        }
        catch (ArgumentException)
        {
            return null; // no such process
        }
    }

    /// <summary>Parses the form <see cref="ToString"/> writes.</summary>
    /// <param name="text">The recorded holder, or <see langword="null"/>.</param>
    /// <param name="holder">The holder, when parsed.</param>
    /// <returns>Whether <paramref name="text"/> names a holder (records of older versions name none).</returns>
    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out LeaseHolder? holder)
    {
        holder = null;
        var fields = text?.Split(' ', 6);
        if (fields is not [FormatVersion, var pid, var start, var boot, var space, var host] || host.Length == 0
            || !int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var processId)
            || !long.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out var startTime))
        {
            return false;
        }

        holder = new LeaseHolder(host, boot == None ? string.Empty : boot, space == None ? string.Empty : space, processId, startTime);
        return true;
    }

    /// <summary>
    /// Tells whether this holder is known to be dead: recorded on this host, and the host has rebooted since, or no
    /// process has its id, or the process with its id started at another time. A holder on another host, or one whose
    /// state cannot be read, is not known dead (its lease must expire).
    /// </summary>
    /// <returns><see langword="true"/> only when the holder certainly no longer runs.</returns>
    public bool IsKnownDead()
    {
        if (!IsOnThisHost)
        {
            return false;
        }

        if (BootId.Length > 0 && Current.BootId.Length > 0 && !string.Equals(BootId, Current.BootId, StringComparison.Ordinal))
        {
            return true; // every process of an earlier boot is gone
        }

        var now = OfProcess(ProcessId);
        return now is null || now.StartTime != StartTime;
    }

    /// <summary>Formats the holder for storage: <c>1 &lt;pid&gt; &lt;start&gt; &lt;boot id&gt; &lt;namespace&gt; &lt;host&gt;</c>.</summary>
    /// <returns>The text <see cref="TryParse"/> reads.</returns>
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{FormatVersion} {ProcessId} {StartTime} {Or(BootId)} {Or(ProcessNamespace)} {Host}");

    private static string Or(string value) => value.Length == 0 ? None : value;

    private static readonly Lazy<string> LinuxBootId = new(() => ReadOrEmpty(() => File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim()));

    private static readonly Lazy<string> LinuxProcessNamespace = new(() => ReadOrEmpty(() =>
    {
        var target = new FileInfo("/proc/self/ns/pid").LinkTarget ?? string.Empty;
        return target.Replace(' ', '_'); // "pid:[4026531836]"; never a space, which separates the stored fields
    }));

    private static string ReadOrEmpty(Func<string> read)
    {
        try
        {
            return read();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>Reads field 22 (<c>starttime</c>) of <c>/proc/&lt;pid&gt;/stat</c>; <see langword="null"/> for no process or a zombie.</summary>
    private static long? ReadLinuxStartTime(int processId)
    {
        string stat;
        try
        {
            stat = File.ReadAllText("/proc/" + processId.ToString(CultureInfo.InvariantCulture) + "/stat");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (IOException)
        {
            return null; // ESRCH: the process exited while it was read
        }

        // Field 2 (the command name, in parentheses) may hold spaces and ')': count fields after the last ')'.
        var rest = stat.AsSpan(stat.LastIndexOf(')') + 1).Trim();
        Span<Range> fields = stackalloc Range[21];
        if (rest.Split(fields, ' ') < 21)
        {
            throw new InvalidOperationException($"Unexpected format of /proc/{processId}/stat.");
        }

        var state = rest[fields[0]];
        if (state is "Z" or "X" or "x")
        {
            return null; // exited, not yet reaped: dead
        }

        return long.Parse(rest[fields[19]], NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
