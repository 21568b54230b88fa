using Camstreamd.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Camstreamd.Http.Limits;

/// <summary>
/// What one HTTP client can make the daemon hold, set deliberately rather than left at Kestrel's defaults (sized
/// for web applications: 32 KiB heads, 30 s to send one, 130 s idle, unlimited connections). The direct stream
/// path applies the same head size and time (<see cref="Http.DirectStreamMiddleware"/>).
/// </summary>
internal static class KestrelLimits
{
    /// <summary>The longest request line (method, path and query, version): room for a long <c>?token=</c>.</summary>
    public const int MaxRequestLineBytes = 4 * 1024;

    /// <summary>The largest request head; no client of a camera sends more than a browser's few hundred bytes.</summary>
    public const int MaxRequestHeadBytes = 8 * 1024;

    /// <summary>Header fields in one request (a browser sends about 15).</summary>
    public const int MaxRequestHeaderCount = 32;

    /// <summary>Request bodies: no endpoint reads one, so any body is drained, and only this much.</summary>
    public const long MaxRequestBodyBytes = 64 * 1024;

    /// <summary>Connections allowed besides <c>Streaming:MaxClients</c> viewers: page loads, snapshots, /state, refused and pending clients.</summary>
    public const int ConnectionsBesidesViewers = 1024;

    /// <summary>The time to send a whole request head; a client sending one byte a second is cut after this.</summary>
    public static readonly TimeSpan RequestHeadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>An idle keep-alive connection is closed after this (Kestrel's default is 130 s).</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Sets the limits; <paramref name="streaming"/> (read at start) sizes the connection limit.</summary>
    public static void Apply(KestrelServerLimits limits, StreamingOptions streaming)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(streaming);
        limits.MaxRequestLineSize = MaxRequestLineBytes;
        limits.MaxRequestHeadersTotalSize = MaxRequestHeadBytes;
        limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
        limits.RequestHeadersTimeout = RequestHeadTimeout;
        limits.KeepAliveTimeout = KeepAliveTimeout;
        limits.MaxRequestBodySize = MaxRequestBodyBytes;
        // Kestrel's default, stated: a body trickling slower than 240 B/s after a 5 s grace is cut.
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));
        // Over this Kestrel closes a new connection at once, before it costs more than its descriptor: with the
        // default 64 viewers that is 1 088, well inside the unit's LimitNOFILE=4096.
        limits.MaxConcurrentConnections = streaming.MaxClients + ConnectionsBesidesViewers;
        // No endpoint upgrades a connection (no WebSocket): refuse every upgrade.
        limits.MaxConcurrentUpgradedConnections = 0;
    }
}
