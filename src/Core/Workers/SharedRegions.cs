using System.Globalization;

using GpuRay.Scheduling;

using Microsoft.Extensions.Logging;

namespace GpuRay.Workers;

/// <summary>
/// The folder in shared memory where one worker pool's large values travel: <c>/dev/shm</c> on Linux, the temporary
/// folder elsewhere (Windows and macOS have no tmpfs that .NET can name; the file system cache holds such short-lived
/// files). Each file lives for one call (see <see cref="CallRegions"/>); the folder is made on first use, private to
/// this user, and removed with the pool.
/// </summary>
/// <remarks>
/// Where the folder or a file cannot be made (a full disk, no such folder, no permission), values go through the pipe
/// as JSON, and the first such failure is logged once. Folders left by drivers that were killed are removed when the
/// next pool makes its own.
/// </remarks>
internal sealed class SharedRegions : IDisposable
{
    private const string Prefix = "gpuray-";
    private static long s_pools;
    private readonly Lock _lock = new();
    private readonly ILogger _logger;
    private readonly string _root;
    private bool _created;
    private bool _disposed;
    private int _logged;
    private long _files;

    public SharedRegions(ILogger logger)
    {
        _logger = logger;
        _root = RootOverride ?? (Directory.Exists("/dev/shm") ? "/dev/shm" : Path.GetTempPath());
        Folder = Path.Combine(_root, string.Create(CultureInfo.InvariantCulture, $"{Prefix}{Environment.ProcessId}-{Interlocked.Increment(ref s_pools)}"));
    }

    /// <summary>Where new pools put their folders instead of the default (for tests: a path that cannot be a folder makes shared memory fail).</summary>
    internal static string? RootOverride { get; set; }

    /// <summary>This pool's folder, whether or not it exists yet.</summary>
    public string Folder { get; }

    /// <summary>The books for one call, or null when no value is large enough to use shared memory (<see cref="WorkerProcess.SharedMinBytes"/>).</summary>
    public CallRegions? BeginCall() => WorkerProcess.SharedMinBytes <= Array.MaxLength ? new CallRegions(this) : null;

    /// <summary>Writes a new file with <paramref name="bytes"/> and returns its path, or null (logged once) when it cannot be made.</summary>
    public string? TryCreate(ReadOnlySpan<byte> bytes)
    {
        if (NewPath() is not { } path)
        {
            return null;
        }

        try
        {
            SharedValues.WriteFile(path, bytes);
            if (OperatingSystem.IsWindows())
            {
                // Keeps the file in the cache: it is read once, within the call, and deleted.
                File.SetAttributes(path, FileAttributes.Temporary);
            }

            return path;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Delete(path);
            LogUnavailable(ex);
            return null;
        }
    }

    /// <summary>A path for a new file in the folder (made if need be), or null (logged once) when the folder cannot be made.</summary>
    public string? NewPath() =>
        EnsureFolder() ? Path.Combine(Folder, Interlocked.Increment(ref _files).ToString("x", CultureInfo.InvariantCulture)) : null;

    /// <summary>Deletes a file if it is there.</summary>
    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The folder is gone (the pool was disposed), or the file is held open: the folder's removal takes it.
        }
    }

    /// <summary>Removes the folder with anything left in it. Call after the workers have exited.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            if (_created)
            {
                DeleteFolder(Folder);
            }
        }
    }

    private bool EnsureFolder()
    {
        if (Volatile.Read(ref _created))
        {
            return true;
        }

        lock (_lock)
        {
            if (_disposed || _created)
            {
                return _created && !_disposed;
            }

            try
            {
                RemoveFoldersOfEndedDrivers();
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(Folder);
                }
                else
                {
                    Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }

                Volatile.Write(ref _created, true);
                return true;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogUnavailable(ex);
                return false;
            }
        }
    }

    private void RemoveFoldersOfEndedDrivers()
    {
        if (!Directory.Exists(_root))
        {
            return;
        }

        foreach (string folder in Directory.EnumerateDirectories(_root, Prefix + "*"))
        {
            string[] parts = Path.GetFileName(folder)[Prefix.Length..].Split('-');
            if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int pid) && pid != Environment.ProcessId && !IsRunning(pid))
            {
                DeleteFolder(folder);
            }
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = System.Diagnostics.Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return ex is System.ComponentModel.Win32Exception;
        }
    }

    private static void DeleteFolder(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Another user's, or already gone.
        }
    }

    private void LogUnavailable(Exception ex)
    {
        if (!_disposed && Interlocked.Exchange(ref _logged, 1) == 0)
        {
            Scheduler.SafeLog(() => _logger.LogWarning(
                "Shared memory for large worker arguments and results is unavailable ({Folder}: {Reason}); they go through the pipe as JSON instead.",
                Folder,
                ex.Message));
        }
    }
}
