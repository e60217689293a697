using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace ResumableUpload.Cli.Hosting;

/// <summary>
/// A batch runs with tiered compilation off (DECISIONS 49). With it on, a long batch re-compiles its hot code in a
/// second, optimized tier, and the JIT's working memory for that stays with the process: 20–30 MiB of a mixed batch's
/// peak (DECISIONS 43, 47). Off, the precompiled (ReadyToRun) code is kept and the rest compiled once, optimized. A
/// single file keeps the quicker start that tiering gives. The runtime reads the setting once, at start, from the
/// environment or <c>runtimeconfig.json</c> (for every command alike), so once the command line is known to be a
/// batch the CLI replaces itself (<c>execve</c>: the same process id, arguments, environment and standard streams,
/// nothing read yet) with a start that has <c>DOTNET_TieredCompilation=0</c>. Linux only. A user who sets
/// <c>DOTNET_TieredCompilation</c> either way is obeyed, and a failed <c>execve</c> carries on as it is.
/// </summary>
internal static partial class BatchRuntime
{
    /// <summary>Set to the process id in the environment of the re-executed start: it must not re-execute again.</summary>
    private const string Marker = "RUPLOAD_BATCH_RUNTIME";

    private const string TieredCompilation = "DOTNET_TieredCompilation";

    /// <summary>Gets a value indicating whether this process is the batch's re-executed start (known once <see cref="Enter"/> ran).</summary>
    public static bool IsEntered { get; private set; }

    /// <summary>
    /// Re-executes this process with tiered compilation off, unless that is already done, not possible, or the user chose
    /// (<c>DOTNET_TieredCompilation</c>, its old <c>COMPlus_</c> name, or <c>System.Runtime.TieredCompilation</c> in
    /// <c>runtimeconfig.json</c>), or a diagnostics tool follows this runtime from its start (<c>DOTNET_DiagnosticPorts</c>).
    /// Returns only when it does not re-execute.
    /// </summary>
    public static void Enter(Func<string, string?> environment)
    {
        var processId = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        if (environment(Marker) == processId)
        {
            // The re-executed start (execve keeps the pid, so an exported marker never matches). The two variables were for
            // this runtime: a child process (a .NET credential_process, say) does not inherit them.
            IsEntered = true;
            Environment.SetEnvironmentVariable(Marker, null);
            Environment.SetEnvironmentVariable(TieredCompilation, null);
            return;
        }

        if (!OperatingSystem.IsLinux()
            || Debugger.IsAttached
            || environment(TieredCompilation) is not null
            || environment("COMPlus_TieredCompilation") is not null
            || AppContext.GetData("System.Runtime.TieredCompilation") is not null
            || environment("DOTNET_DiagnosticPorts") is not null)
        {
            return;
        }

        List<byte[]> arguments, variables;
        try
        {
            // The process's own argument and environment bytes, as it was started: nothing re-encoded.
            arguments = SplitAtNul(File.ReadAllBytes("/proc/self/cmdline"));
            variables = SplitAtNul(File.ReadAllBytes("/proc/self/environ"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return;
        }

        if (arguments.Count == 0)
        {
            return;
        }

        var markerPrefix = Encoding.ASCII.GetBytes(Marker + "=");
        variables.RemoveAll(v => v.AsSpan().StartsWith(markerPrefix)); // one marker, ours
        variables.Add(Encoding.UTF8.GetBytes(TieredCompilation + "=0"));
        variables.Add(Encoding.UTF8.GetBytes(Marker + "=" + processId));
        Console.Out.Flush();
        Console.Error.Flush();
        RemoveDiagnosticsSocket(processId);

        // The executable's own path, not /proc/self/exe: the kernel names the process after the path it is given ("exe").
        Execute(Environment.ProcessPath ?? "/proc/self/exe", arguments, variables);
    }

    /// <summary>
    /// The runtime's diagnostics socket (dotnet-counters, dotnet-trace) is named after the pid and the process's start
    /// time, which execve keeps, and execve skips the shutdown that removes it: left there, it keeps the next runtime
    /// from listening under the same name.
    /// </summary>
    private static void RemoveDiagnosticsSocket(string processId)
    {
        try
        {
            foreach (var socket in Directory.EnumerateFiles(Path.GetTempPath(), $"dotnet-diagnostic-{processId}-*-socket"))
            {
                File.Delete(socket);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Without it the next runtime only lacks its diagnostics socket.
        }
    }

    private static List<byte[]> SplitAtNul(byte[] block)
    {
        var parts = new List<byte[]>();
        var start = 0;
        for (var i = 0; i < block.Length; i++)
        {
            if (block[i] == 0)
            {
                parts.Add(block[start..i]);
                start = i + 1;
            }
        }

        if (start < block.Length)
        {
            parts.Add(block[start..]);
        }

        return parts;
    }

    private static void Execute(string path, List<byte[]> arguments, List<byte[]> variables)
    {
        var argv = ToNative(arguments);
        var envp = ToNative(variables);
        try
        {
            _ = Execve(path, argv, envp); // returns only on failure
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // No loadable "libc" (musl without its development links): carry on as we are.
        }
        finally
        {
            Free(argv);
            Free(envp);
        }
    }

    private static nint[] ToNative(List<byte[]> strings)
    {
        var pointers = new nint[strings.Count + 1]; // NULL-terminated
        for (var i = 0; i < strings.Count; i++)
        {
            var bytes = strings[i];
            pointers[i] = Marshal.AllocHGlobal(bytes.Length + 1);
            Marshal.Copy(bytes, 0, pointers[i], bytes.Length);
            Marshal.WriteByte(pointers[i], bytes.Length, 0);
        }

        return pointers;
    }

    private static void Free(nint[] pointers)
    {
        foreach (var pointer in pointers)
        {
            if (pointer != 0)
            {
                Marshal.FreeHGlobal(pointer);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "execve", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Execve(string path, nint[] argv, nint[] envp);
}
