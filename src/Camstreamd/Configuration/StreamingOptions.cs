namespace Camstreamd.Configuration;

/// <summary>The <c>Streaming</c> section: fan-out, limits and idle behaviour.</summary>
public sealed class StreamingOptions
{
    public const string SectionName = "Streaming";

    /// <summary>Frames queued per viewer; the oldest is dropped when full. <value>The default value is 2.</value></summary>
    public int ClientQueueCapacity { get; set; } = 2;

    /// <summary>A viewer without write progress this long is disconnected. <value>The default value is 10 s.</value></summary>
    public TimeSpan StallTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary><value>The default value is 64.</value></summary>
    public int MaxClients { get; set; } = 64;

    /// <summary>
    /// Streams (MJPEG, GIF, TCP readers) one IP address may hold at once, so one client cannot take every place
    /// under <see cref="MaxClients"/>. <value>The default value is 8.</value>
    /// </summary>
    public int MaxClientsPerAddress { get; set; } = 8;

    /// <summary>With no new frame for this long, the last one is sent again. <value>The default value is 1 s.</value></summary>
    public TimeSpan KeepaliveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a snapshot waits for a starting source. <value>The default value is 5 s.</value></summary>
    public TimeSpan SnapshotTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The source is stopped this long after the last viewer left; 0 keeps it always on. <value>The default value is 10 s.</value></summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Under socket activation: exit 0 after <see cref="IdleTimeout"/> without viewers. <value>The default value is false.</value></summary>
    public bool ExitWhenIdle { get; set; }
}
