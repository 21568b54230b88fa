using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Camstreamd.Frames;

namespace Camstreamd.Streaming.Tcp;

/// <summary>
/// The TCP stream's framing, as the "video over Python sockets" receivers read it
/// (<c>struct.unpack("Q", ...)</c> on x86 and ARM): an 8-byte little-endian unsigned length, then the JPEG
/// as it is. The length is written into this connection's own 8 bytes, the JPEG goes straight from the
/// shared frame buffer: no per-frame allocation and no copy of the picture. Both go out in one gathered
/// send (<see cref="SocketPartSink.SendNow"/>), so a reader costs the system calls an MJPEG viewer does.
/// </summary>
internal sealed class LengthPrefixFraming : IFrameFraming
{
    public const int HeaderLength = sizeof(ulong);

    private readonly byte[] _header = new byte[HeaderLength];

    public bool TryHeader(Frame frame, out ReadOnlyMemory<byte> header, [NotNullWhen(false)] out string? endReason)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_header, (ulong)frame.Length);
        header = _header;
        endReason = null;
        return true;
    }

    public ReadOnlyMemory<byte> Payload(Frame frame) => frame.Memory;
}
