using Camstreamd.Cli.Receive;

namespace Camstreamd.Fuzz.Targets;

/// <summary>
/// <c>camstreamd receive tcp://...</c>'s reader over whatever a server sends (8-byte length, JPEG, ...): every frame
/// is read, or the stream ends with ConnectionLost or ReceiveFailure (the exit codes), never another exception.
/// </summary>
internal static class ReceiveTcpTarget
{
    public static void Run(byte[] input) => ReceiveLoop.Run(TcpFrameConnection.Over(new MemoryStream(input), "fuzz"));
}
