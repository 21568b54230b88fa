namespace Camstreamd.Processes;

/// <summary>Finds a program as the shell would, so a missing one is reported at start rather than when it is first run.</summary>
internal static class ExecutablePath
{
    /// <summary>
    /// The full path of <paramref name="program"/>: itself when it contains a slash (relative to the working
    /// directory, as the shell does), else the first executable file of that name in a PATH directory.
    /// </summary>
    public static string? Find(string program)
    {
        if (program.Length == 0)
        {
            return null;
        }

        if (program.Contains('/', StringComparison.Ordinal))
        {
            return IsExecutableFile(program) ? Path.GetFullPath(program) : null;
        }

        string path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/bin:/usr/bin:/bin";
        foreach (string directory in path.Split(':'))
        {
            // An empty PATH entry means the working directory (POSIX).
            string candidate = Path.Combine(directory.Length == 0 ? "." : directory, program);
            if (IsExecutableFile(candidate))
            {
                return Path.GetFullPath(candidate);
            }
        }

        return null;
    }

    private static bool IsExecutableFile(string path)
    {
        try
        {
            const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            // camstreamd runs on Linux only; the guard is for the platform analyzer.
            return !OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & AnyExecute) != 0;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
