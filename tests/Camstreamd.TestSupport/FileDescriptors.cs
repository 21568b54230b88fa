using System.Globalization;

namespace Camstreamd.TestSupport;

/// <summary>What /proc tells about another process's descriptors.</summary>
public static class FileDescriptors
{
    // O_CLOEXEC as /proc/PID/fdinfo shows it (octal), for a descriptor whose FD_CLOEXEC flag is set.
    private const int OCloexec = 0x80000;

    /// <summary>
    /// Whether process <paramref name="pid"/>'s descriptor of the IPv4 socket listening on <paramref name="port"/> is
    /// close-on-exec: found through /proc/net/tcp's inode and /proc/PID/fd, read from /proc/PID/fdinfo.
    /// </summary>
    public static bool IsCloseOnExec(int pid, int port)
    {
        string hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        string inode = File.ReadAllLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(fields => fields[1].EndsWith(":" + hexPort, StringComparison.Ordinal) && fields[3] == "0A")[9];
        foreach (string fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            if (new FileInfo(fd).LinkTarget == $"socket:[{inode}]")
            {
                string info = File.ReadAllText($"/proc/{pid}/fdinfo/{Path.GetFileName(fd)}");
                string flags = info.Split('\n').Single(line => line.StartsWith("flags:", StringComparison.Ordinal))["flags:".Length..].Trim();
                return (Convert.ToInt32(flags, 8) & OCloexec) != 0;
            }
        }

        throw new InvalidOperationException($"no descriptor of process {pid} is the socket listening on {port}");
    }
}
