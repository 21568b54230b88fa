using System.Globalization;
using System.Net.Sockets;
using Camstreamd.Configuration;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Streaming;

/// <summary>
/// Admission, run and teardown of one stream viewer, the same whichever way its bytes travel
/// (Kestrel's pipe or the socket directly): the viewer limit, the log lines, the counters.
/// </summary>
internal sealed class StreamSessions
{
    /// <summary>The highest per-viewer rate a viewer may ask for (<c>?fps=</c>, <c>Tcp:FramesPerSecond</c>).</summary>
    public const double MaxFpsCap = 240;

    private readonly FrameBroadcaster _broadcaster;
    private readonly MjpegStreamWriter _writer;
    private readonly StreamStatistics _statistics;
    private readonly SettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<StreamSessions> _logger;
    private long _nextClientId;

    public StreamSessions(FrameBroadcaster broadcaster, MjpegStreamWriter writer, StreamStatistics statistics, SettingsStore settings, TimeProvider time, ILogger<StreamSessions> logger)
    {
        _broadcaster = broadcaster;
        _writer = writer;
        _statistics = statistics;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    /// <summary>The size of the newest frame, to size a new viewer's socket buffer.</summary>
    public int NewestFrameLength => _broadcaster.LatestLength;

    /// <summary><c>?fps=N</c>: a number above 0 and at most 240; absent means uncapped.</summary>
    public static bool TryParseFps(string? text, out double? fps, out string? error)
    {
        fps = null;
        error = null;
        if (text is null)
        {
            return true;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || !double.IsFinite(value) || value <= 0 || value > MaxFpsCap)
        {
            error = $"fps must be a number above 0 and at most {MaxFpsCap}, got '{text}'";
            return false;
        }

        fps = value;
        return true;
    }

    /// <summary>A new client id, unique among all clients of the broadcaster (viewers and publishing targets).</summary>
    public long NextClientId() => Interlocked.Increment(ref _nextClientId);

    /// <summary>
    /// Adds a viewer, or returns null with the reason when <c>Streaming:MaxClients</c>, or <c>Streaming:MaxClientsPerAddress</c>
    /// for the viewer's IP address, is reached (counted and logged, one line).
    /// </summary>
    public StreamClient? TryAdmit(string address, string kind, double? fpsLimit, out ViewerRefusal? refusal)
    {
        StreamingOptions options = _settings.Current.Streaming;
        StreamClient client = new(NextClientId(), address, kind, options.ClientQueueCapacity, fpsLimit, _time);
        if (!_broadcaster.TryAdd(client, options.MaxClients, options.MaxClientsPerAddress, out bool addressFull))
        {
            if (_broadcaster.IsClosed)
            {
                refusal = new ViewerRefusal("the server is shutting down", FromAddressLimit: false);
                return null;
            }

            _statistics.CountRejected();
            if (addressFull)
            {
                string host = ClientAddress.HostOf(address).ToString();
                Log.ViewerRejectedForAddress(_logger, address, kind, options.MaxClientsPerAddress, host);
                refusal = new ViewerRefusal($"too many streams from {host}: Streaming:MaxClientsPerAddress is {options.MaxClientsPerAddress}", FromAddressLimit: true);
                return null;
            }

            Log.ViewerRejected(_logger, address, _broadcaster.ClientCount, options.MaxClients);
            refusal = new ViewerRefusal($"too many viewers: Streaming:MaxClients is {options.MaxClients}", FromAddressLimit: false);
            return null;
        }

        refusal = null;
        _statistics.CountClient();
        Log.ViewerConnected(_logger, address, _broadcaster.ClientCount);
        return client;
    }

    /// <summary>
    /// Sends <paramref name="preamble"/> (what precedes the first part), then streams to an admitted viewer
    /// until it leaves or is closed, then removes it. Never throws for a lost client.
    /// </summary>
    public Task RunAsync(StreamClient client, IPartSink sink, ReadOnlyMemory<byte> preamble, Action<bool> onPaceChanged, CancellationToken cancellationToken) =>
        RunAsync(client, sink, preamble, MultipartFraming.Instance, onPaceChanged, cancellationToken);

    /// <summary>As the MJPEG overload, for a viewer whose frames are framed by <paramref name="framing"/> (e.g. the TCP stream's length prefix).</summary>
    public async Task RunAsync(StreamClient client, IPartSink sink, ReadOnlyMemory<byte> preamble, IFrameFraming framing, Action<bool> onPaceChanged, CancellationToken cancellationToken)
    {
        string reason = "client went away";
        try
        {
            if (await MjpegStreamWriter.SendAllAsync(sink, preamble, cancellationToken).ConfigureAwait(false))
            {
                reason = await _writer.RunAsync(client, sink, framing, onPaceChanged, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or SocketException or ConnectionAbortedException or ConnectionResetException or ObjectDisposedException)
        {
            reason = client.CloseReason ?? "client went away";
        }
        finally
        {
            if (ViewerWakeThread.IsWakingWriters)
            {
                // A send that failed at once ends the writer on the wake thread: the teardown here and the caller's
                // (closing the connection, the log line) run on the thread pool, so no viewer's frame waits for it.
                await Task.Yield();
            }

            _broadcaster.Remove(client);
            _statistics.AddDroppedOf(client);
        }

        Log.ViewerLeft(_logger, client.Address, (_time.GetUtcNow() - client.ConnectedSince).TotalSeconds, client.Sent, client.Dropped, reason);
    }
}
