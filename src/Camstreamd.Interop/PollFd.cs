using System.Runtime.InteropServices;

namespace Camstreamd.Interop;

/// <summary><c>struct pollfd</c> from &lt;poll.h&gt;: 8 bytes on every Linux ABI.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct PollFd
{
    public int fd;
    public short events;
    public short revents;
}
