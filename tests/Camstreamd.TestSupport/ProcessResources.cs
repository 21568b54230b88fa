using System.Diagnostics;
using System.Globalization;

namespace Camstreamd.TestSupport;

/// <summary>What /proc tells about another process's memory and descriptors, and this process's descriptor limit.</summary>
public static class ProcessResources
{
    /// <summary>Open descriptors of process <paramref name="pid"/> (entries of /proc/PID/fd).</summary>
    public static int OpenDescriptors(int pid) => Directory.GetFiles($"/proc/{pid}/fd").Length;

    /// <summary>What each open descriptor of process <paramref name="pid"/> is (socket:[inode], pipe:[...], a path), by number.</summary>
    public static Dictionary<string, string> DescribeDescriptors(int pid)
    {
        Dictionary<string, string> described = new(StringComparer.Ordinal);
        foreach (string fd in Directory.GetFiles($"/proc/{pid}/fd"))
        {
            try
            {
                described[Path.GetFileName(fd)] = new FileInfo(fd).LinkTarget ?? "?";
            }
            catch (IOException)
            {
                // Closed while we looked.
            }
        }

        return described;
    }

    /// <summary>Resident memory of process <paramref name="pid"/> in bytes (VmRSS of /proc/PID/status).</summary>
    public static long ResidentBytes(int pid)
    {
        string line = File.ReadLines($"/proc/{pid}/status").Single(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        string kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
        return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>
    /// Raises this process's soft limit on open descriptors to at least <paramref name="needed"/> (up to the hard limit)
    /// with prlimit(1), for a test holding thousands of sockets; processes started afterwards inherit it. Returns the
    /// soft limit now.
    /// </summary>
    public static long EnsureDescriptorLimit(long needed)
    {
        (long soft, long hard) = DescriptorLimit(Environment.ProcessId);
        if (soft >= needed)
        {
            return soft;
        }

        long raised = Math.Min(needed, hard);
        using Process prlimit = System.Diagnostics.Process.Start("prlimit", ["--pid", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), $"--nofile={raised}:"])
            ?? throw new InvalidOperationException("prlimit did not start");
        if (!prlimit.WaitForExit(TimeSpan.FromSeconds(10)) || prlimit.ExitCode != 0)
        {
            throw new InvalidOperationException($"prlimit --nofile={raised}: failed");
        }

        return DescriptorLimit(Environment.ProcessId).Soft;
    }

    /// <summary>The soft and hard limits on open descriptors of process <paramref name="pid"/> (/proc/PID/limits).</summary>
    public static (long Soft, long Hard) DescriptorLimit(int pid)
    {
        string[] fields = File.ReadLines($"/proc/{pid}/limits").Single(l => l.StartsWith("Max open files", StringComparison.Ordinal))
            ["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return (Parse(fields[0]), Parse(fields[1]));
    }

    private static long Parse(string limit) => limit == "unlimited" ? long.MaxValue : long.Parse(limit, CultureInfo.InvariantCulture);
}
