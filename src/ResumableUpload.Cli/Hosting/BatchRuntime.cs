using System.Diagnostics;
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
    /// <summary>Set in the environment of the re-executed process: it must not re-execute again.</summary>
    public const string Marker = "RUPLOAD_BATCH_RUNTIME";

    private const string TieredCompilation = "DOTNET_TieredCompilation";

    /// <summary>Whether this process is the batch's re-executed start.</summary>
    public static bool IsEntered(Func<string, string?> environment) => environment(Marker) == "1";

    /// <summary>
    /// Re-executes this process with tiered compilation off, unless that is already done, not possible, or the user chose
    /// (<c>DOTNET_TieredCompilation</c> or its old <c>COMPlus_</c> name set). Returns only when it does not re-execute.
    /// </summary>
    public static void Enter(Func<string, string?> environment)
    {
        if (!OperatingSystem.IsLinux()
            || Debugger.IsAttached
            || environment(Marker) is not null
            || environment(TieredCompilation) is not null
            || environment("COMPlus_TieredCompilation") is not null)
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

        variables.Add(Encoding.UTF8.GetBytes(TieredCompilation + "=0"));
        variables.Add(Encoding.UTF8.GetBytes(Marker + "=1"));
        Console.Out.Flush();
        Console.Error.Flush();
        Execute("/proc/self/exe", arguments, variables);
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

    [LibraryImport("libc", EntryPoint = "execve", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Execve(string path, nint[] argv, nint[] envp);
}
