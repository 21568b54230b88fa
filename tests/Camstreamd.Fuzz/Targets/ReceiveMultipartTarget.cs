using Camstreamd.Cli.Receive;
using Camstreamd.Streaming;

namespace Camstreamd.Fuzz.Targets;

/// <summary>
/// <c>camstreamd receive http://...</c>'s multipart reader over whatever body a server sends after a
/// <c>multipart/x-mixed-replace</c> head (boundary lines, part headers, Content-Length, X-Timestamp, JPEGs).
/// </summary>
internal static class ReceiveMultipartTarget
{
    public static void Run(byte[] input) => ReceiveLoop.Run(MjpegHttpConnection.Over(new MemoryStream(input), MultipartFormat.Boundary, "fuzz"));
}
