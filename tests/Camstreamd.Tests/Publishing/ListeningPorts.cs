using System.Globalization;

namespace Camstreamd.Tests.Publishing;

/// <summary>
/// Whether a TCP port is listening, read from /proc/net/tcp rather than by connecting: the servers under
/// test (ffmpeg's RTSP listener) take one connection only, which a probe would use up.
/// </summary>
internal static class ListeningPorts
{
    private const string Listen = "0A";

    public static bool IsListening(int port)
    {
        string local = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        foreach (string table in (string[])["/proc/net/tcp", "/proc/net/tcp6"])
        {
            if (!File.Exists(table))
            {
                continue;
            }

            foreach (string line in File.ReadLines(table).Skip(1))
            {
                string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 3 && fields[1].EndsWith(local, StringComparison.Ordinal) && fields[3] == Listen)
                {
                    return true;
                }
            }
        }

        return false;
    }

    public static Task WaitAsync(int port, string what) =>
        Camstreamd.TestSupport.Eventually.TrueAsync(() => IsListening(port), TimeSpan.FromSeconds(20), () => $"{what} is not listening on port {port}");
}
