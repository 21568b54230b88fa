using System.Net.Sockets;
using System.Text;

namespace Camstreamd.Tests.Hosting.Systemd;

/// <summary>A real AF_UNIX datagram socket standing where systemd's notify socket would be.</summary>
internal sealed class NotifySocketListener : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
    private readonly string? _file;

    private NotifySocketListener(string notifySocketValue, string? file)
    {
        NotifySocketValue = notifySocketValue;
        _file = file;
    }

    /// <summary>What NOTIFY_SOCKET would hold for this socket.</summary>
    public string NotifySocketValue { get; }

    public static NotifySocketListener AtPath()
    {
        string file = Path.Combine(Path.GetTempPath(), $"camstreamd-notify-{Guid.NewGuid():N}.sock");
        NotifySocketListener listener = new(file, file);
        listener._socket.Bind(new UnixDomainSocketEndPoint(file));
        return listener;
    }

    public static NotifySocketListener Abstract()
    {
        string name = $"camstreamd-notify-{Guid.NewGuid():N}";
        NotifySocketListener listener = new("@" + name, null);
        listener._socket.Bind(new UnixDomainSocketEndPoint("\0" + name));
        return listener;
    }

    /// <summary>The next datagram as text, or null when none arrives within <paramref name="timeout"/>.</summary>
    public async Task<string?> ReceiveAsync(TimeSpan timeout)
    {
        byte[] buffer = new byte[4096];
        using CancellationTokenSource cts = new(timeout);
        try
        {
            int count = await _socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            return Encoding.UTF8.GetString(buffer, 0, count);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Receives until <paramref name="predicate"/> matches or the time is up; returns the match or null.</summary>
    public async Task<string?> ReceiveUntilAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            string? message = await ReceiveAsync(deadline - DateTime.UtcNow);
            if (message is not null && predicate(message))
            {
                return message;
            }
        }

        return null;
    }

    public void Dispose()
    {
        _socket.Dispose();
        if (_file is not null)
        {
            File.Delete(_file);
        }
    }
}
