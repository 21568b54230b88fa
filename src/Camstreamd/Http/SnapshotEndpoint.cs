using Camstreamd.Capture;
using Camstreamd.Configuration;
using Camstreamd.Frames;
using Camstreamd.Streaming;
using Microsoft.AspNetCore.Http;

namespace Camstreamd.Http;

/// <summary>
/// <c>GET /snapshot</c>: the newest frame as one JPEG. An idle source is started and its first frame
/// awaited for up to <c>Streaming:SnapshotTimeout</c>; after that, 503 with a reason.
/// </summary>
internal sealed class SnapshotEndpoint
{
    private readonly FrameBroadcaster _broadcaster;
    private readonly CaptureService _capture;
    private readonly SettingsStore _settings;
    private readonly TimeProvider _time;

    public SnapshotEndpoint(FrameBroadcaster broadcaster, CaptureService capture, SettingsStore settings, TimeProvider time)
    {
        _broadcaster = broadcaster;
        _capture = capture;
        _settings = settings;
        _time = time;
    }

    public async Task HandleAsync(HttpContext context)
    {
        TimeSpan timeout = _settings.Current.Streaming.SnapshotTimeout;
        Frame? frame;
        using (_capture.HoldDemand($"a snapshot was requested by {HttpErrors.AddressOf(context)}"))
        {
            frame = await _broadcaster.WaitForFrameAsync(0, timeout, _time, context.RequestAborted).ConfigureAwait(false);
        }

        if (frame is null)
        {
            CaptureStatus status = _capture.Status;
            string why = status.LastError is { } error ? $"the source is failing: {error}" : $"no frame from the {status.Source.Kind} source within {timeout.TotalSeconds:0.#} s";
            context.Response.Headers.RetryAfter = "2";
            await HttpErrors.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, why).ConfigureAwait(false);
            return;
        }

        try
        {
            HttpResponse response = context.Response;
            response.ContentType = "image/jpeg";
            response.ContentLength = frame.Length;
            NoCache.Apply(response);
            response.Headers["X-Timestamp"] = MultipartFormat.TimestampString(frame.UnixTimeMicroseconds);
            response.Headers.ContentDisposition = "inline; filename=snapshot.jpg";
            if (!HttpMethods.IsHead(context.Request.Method))
            {
                await response.Body.WriteAsync(frame.Memory, context.RequestAborted).ConfigureAwait(false);
            }
        }
        finally
        {
            frame.Release();
        }
    }
}
