using System.Globalization;

namespace GpuRay.Workers;

/// <summary>Says in words how a worker process ended: its exit code, the signal behind it, and its last words on standard error.</summary>
internal static class WorkerExit
{
    // Linux numbering; .NET reports a process ended by signal N as exit code 128 + N.
    private static readonly Dictionary<int, (string Name, string Usually)> LinuxSignals = new()
    {
        [1] = ("SIGHUP", "its terminal went away"),
        [2] = ("SIGINT", "an interrupt (Ctrl+C)"),
        [3] = ("SIGQUIT", "a quit request"),
        [4] = ("SIGILL", "an illegal instruction in native code"),
        [5] = ("SIGTRAP", "a debugger trap"),
        [6] = ("SIGABRT", "an abort: the .NET runtime aborts so on a stack overflow, Environment.FailFast or a fatal error"),
        [7] = ("SIGBUS", "a bad memory access in native code"),
        [8] = ("SIGFPE", "an arithmetic fault in native code"),
        [9] = ("SIGKILL", "a kill from outside: the out-of-memory killer, or kill -9"),
        [11] = ("SIGSEGV", "a segmentation fault in native code"),
        [13] = ("SIGPIPE", "a write to a closed pipe"),
        [15] = ("SIGTERM", "a request to terminate from outside"),
    };

    private static readonly Dictionary<uint, string> WindowsStatuses = new()
    {
        [0xC00000FD] = "STATUS_STACK_OVERFLOW: a stack overflow",
        [0xC0000005] = "STATUS_ACCESS_VIOLATION: a bad memory access in native code",
        [0xC0000409] = "STATUS_STACK_BUFFER_OVERRUN: a fail-fast (Environment.FailFast or a fatal runtime error)",
        [0xE0434352] = "an unhandled .NET exception",
        [0xC000013A] = "STATUS_CONTROL_C_EXIT: an interrupt (Ctrl+C)",
    };

    /// <summary>" with exit code N (cause)" and the last lines of its standard error, or empty when it has not exited.</summary>
    public static string Describe(System.Diagnostics.Process process, WorkerStderr? stderr)
    {
        int code;
        try
        {
            if (!process.WaitForExit(TimeSpan.FromSeconds(2)))
            {
                return string.Empty;
            }

            code = process.ExitCode;
        }
        catch (InvalidOperationException)
        {
            return string.Empty;
        }

        string text = string.Create(CultureInfo.InvariantCulture, $" with exit code {code}{Cause(code, OperatingSystem.IsWindows())}");
        IReadOnlyList<string> tail = stderr?.Tail(TimeSpan.FromSeconds(1)) ?? [];
        return tail.Count == 0
            ? text
            : $"{text}; the last lines of its standard error:{Environment.NewLine}{string.Join(Environment.NewLine, tail.Select(l => "  " + l))}{Environment.NewLine}";
    }

    /// <summary>" (SIGABRT, signal 6: ...)" for a code that names a signal or a Windows status; empty otherwise.</summary>
    internal static string Cause(int code, bool windows)
    {
        if (windows)
        {
            return WindowsStatuses.TryGetValue(unchecked((uint)code), out string? status)
                ? string.Create(CultureInfo.InvariantCulture, $" (0x{code:X8}, {status})")
                : string.Empty;
        }

        int signal = code - 128;
        if (signal <= 0 || signal > 64)
        {
            return string.Empty;
        }

        return LinuxSignals.TryGetValue(signal, out var known) && !OperatingSystem.IsMacOS()
            ? string.Create(CultureInfo.InvariantCulture, $" ({known.Name}, signal {signal}: {known.Usually})")
            : string.Create(CultureInfo.InvariantCulture, $" (ended by signal {signal})");
    }
}
