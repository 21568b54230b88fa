using System.Globalization;
using Camstreamd.Configuration;
using Camstreamd.Streaming;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Http;

/// <summary><c>GET /stream</c>: the MJPEG stream, one <see cref="StreamClient"/> per request.</summary>
internal sealed class StreamEndpoint
{
    /// <summary>
    /// The kernel send buffer of a stream connection. Small, so a slow viewer's frames wait in its own
    /// drop-oldest queue (where they are replaced by fresher ones) rather than in the socket, where
    /// they would only grow old: at 200 KB/s the default few hundred KB would add seconds of delay.
    /// </summary>
    private const int StreamSendBufferBytes = 32 * 1024;

    private const double MaxFpsCap = 240;

    private readonly FrameBroadcaster _broadcaster;
    private readonly MjpegStreamWriter _writer;
    private readonly StreamStatistics _statistics;
    private readonly SettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<StreamEndpoint> _logger;
    private long _nextClientId;

    public StreamEndpoint(FrameBroadcaster broadcaster, MjpegStreamWriter writer, StreamStatistics statistics, SettingsStore settings, TimeProvider time, ILogger<StreamEndpoint> logger)
    {
        _broadcaster = broadcaster;
        _writer = writer;
        _statistics = statistics;
        _settings = settings;
        _time = time;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (!TryParseFps(context.Request.Query["fps"], out double? fpsLimit, out string? error))
        {
            await HttpErrors.WriteAsync(context, StatusCodes.Status400BadRequest, error).ConfigureAwait(false);
            return;
        }

        StreamingOptions options = _settings.Current.Streaming;
        string address = HttpErrors.AddressOf(context);
        var client = new StreamClient(Interlocked.Increment(ref _nextClientId), address, options.ClientQueueCapacity, fpsLimit, _time);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            SetStreamHeaders(context.Response);
            return;
        }

        if (!_broadcaster.TryAdd(client, options.MaxClients))
        {
            _statistics.CountRejected();
            Log.ViewerRejected(_logger, address, _broadcaster.ClientCount, options.MaxClients);
            context.Response.Headers.RetryAfter = "5";
            await HttpErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"too many viewers: Streaming:MaxClients is {options.MaxClients}").ConfigureAwait(false);
            return;
        }

        _statistics.CountClient();
        Log.ViewerConnected(_logger, address, _broadcaster.ClientCount);
        string reason = "client went away";
        try
        {
            client.OnAbort(context.Abort);
            SetStreamHeaders(context.Response);
            context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
            LimitSendBuffer(context);
            reason = await _writer.RunAsync(client, context.Response.BodyWriter, context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ConnectionAbortedException or ConnectionResetException)
        {
            reason = client.CloseReason ?? "client went away";
        }
        finally
        {
            _broadcaster.Remove(client);
            _statistics.AddDroppedOf(client);
            Log.ViewerLeft(_logger, address, (_time.GetUtcNow() - client.ConnectedSince).TotalSeconds, client.Sent, client.Dropped, reason);
        }
    }

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

    private static void SetStreamHeaders(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = MultipartFormat.ContentType;
        NoCache.Apply(response);
        response.Headers["X-Accel-Buffering"] = "no";
        response.Headers.Connection = "close";
    }

    private static void LimitSendBuffer(HttpContext context)
    {
        if (context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            socket.SendBufferSize = StreamSendBufferBytes;
        }
    }
}
