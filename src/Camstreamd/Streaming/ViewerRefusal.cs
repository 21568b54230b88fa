namespace Camstreamd.Streaming;

/// <summary>
/// Why a viewer was not admitted. <paramref name="FromAddressLimit"/>: its own address holds
/// <c>Streaming:MaxClientsPerAddress</c> streams already (HTTP answers 429: the client's doing); otherwise the server
/// is full or stopping (503).
/// </summary>
internal sealed record ViewerRefusal(string Reason, bool FromAddressLimit);
