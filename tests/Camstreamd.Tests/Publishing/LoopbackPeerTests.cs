using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Camstreamd.Publishing.Rtsp;

namespace Camstreamd.Tests.Publishing;

public sealed class LoopbackPeerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task IsSameUser_ConnectionFromThisProcess_IsTrue()
    {
        using Socket listener = Listen();
        using Socket client = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await client.ConnectAsync(listener.LocalEndPoint!);
        using Socket accepted = await listener.AcceptAsync().WaitAsync(Deadline);

        Assert.True(LoopbackPeer.IsSameUser(accepted));
    }

    [Fact]
    public async Task IsSameUser_ConnectionFromAnotherUser_IsFalse()
    {
        Assert.True(Environment.UserName == "root", "the test switches a client to user nobody, which needs root");
        using Socket listener = Listen();
        int port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        ProcessStartInfo start = new("setpriv") { UseShellExecute = false, RedirectStandardError = true };
        foreach (string argument in (string[])["--reuid=65534", "--regid=65534", "--clear-groups", "/usr/bin/python3", "-c",
            $"import socket,time; s=socket.create_connection(('127.0.0.1',{port.ToString(CultureInfo.InvariantCulture)})); time.sleep(30)"])
        {
            start.ArgumentList.Add(argument);
        }

        using Process other = Process.Start(start)!;
        try
        {
            using Socket accepted = await listener.AcceptAsync().WaitAsync(Deadline);

            Assert.False(LoopbackPeer.IsSameUser(accepted));
        }
        finally
        {
            other.Kill();
            await other.WaitForExitAsync();
        }
    }

    private static Socket Listen()
    {
        Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        return listener;
    }
}
