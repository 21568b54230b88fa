namespace Camstreamd.TestSupport;

/// <summary>One part of the stream: its headers, its JPEG and when its last byte arrived.</summary>
public sealed record MultipartPart(IReadOnlyDictionary<string, string> Headers, byte[] Body, DateTimeOffset ArrivedAt, bool IsLast);
