namespace Camstreamd.TestSupport;

/// <summary>One frame of the TCP stream: the JPEG and when its last byte arrived.</summary>
public sealed record TcpFrame(byte[] Jpeg, DateTimeOffset ArrivedAt);
