using System.Reflection;
using System.Text.Json;
using Camstreamd.Capture;
using Camstreamd.Configuration;
using Camstreamd.Gif;
using Camstreamd.Publishing;
using Camstreamd.Streaming;
using Microsoft.AspNetCore.Http;

namespace Camstreamd.Http;

/// <summary><c>GET /state</c>: the source, the viewers, the totals and the idle state as JSON.</summary>
internal sealed class StateEndpoint
{
    private static readonly string Version = typeof(StateEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private readonly FrameBroadcaster _broadcaster;
    private readonly CaptureService _capture;
    private readonly StreamStatistics _statistics;
    private readonly SettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly PublishService _publish;
    private readonly GifStatistics _gif;
    private readonly long _startedAt;
    private readonly Gpio.GpioService _gpio;
    private readonly Privacy.PrivacyMode _privacy;

    public StateEndpoint(FrameBroadcaster broadcaster, CaptureService capture, StreamStatistics statistics, SettingsStore settings, TimeProvider time, PublishService publish, GifStatistics gif, Gpio.GpioService gpio, Privacy.PrivacyMode privacy)
    {
        _gpio = gpio;
        _privacy = privacy;
        _publish = publish;
        _gif = gif;
        _broadcaster = broadcaster;
        _capture = capture;
        _statistics = statistics;
        _settings = settings;
        _time = time;
        _startedAt = time.GetTimestamp();
    }

    public async Task HandleAsync(HttpContext context)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        NoCache.Apply(context.Response);
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await using Utf8JsonWriter json = new(context.Response.BodyWriter, new JsonWriterOptions { Indented = true });
        Write(json);
        await json.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    private void Write(Utf8JsonWriter json)
    {
        CaptureStatus status = _capture.Status;
        StreamingOptions streaming = _settings.Current.Streaming;
        IReadOnlyList<StreamClient> clients = _broadcaster.Clients;

        json.WriteStartObject();
        json.WriteString("version", Version);
        json.WriteNumber("uptimeSeconds", Math.Round(_time.GetElapsedTime(_startedAt).TotalSeconds, 1));

        json.WriteStartObject("source");
        json.WriteString("kind", status.Source.Kind);
        json.WriteString("location", status.Source.Location);
        json.WriteNumber("width", status.Source.Width);
        json.WriteNumber("height", status.Source.Height);
        json.WriteNumber("configuredFps", status.Source.ConfiguredFramesPerSecond);
        json.WriteNumber("measuredFps", Math.Round(status.MeasuredFramesPerSecond, 1));
        json.WriteBoolean("online", status.State == CaptureState.Running);
        json.WriteString("state", StateName(status.State));
        if (status.StateSince is DateTimeOffset since)
        {
            json.WriteString("stateSince", since);
        }
        json.WriteString("lastError", status.LastError);
        json.WriteString("warning", status.Warning);
        json.WriteString("detail", status.Source.Detail);
        json.WriteNumber("starts", status.Starts);
        json.WriteNumber("stops", status.Stops);
        json.WriteEndObject();

        json.WriteStartObject("stream");
        json.WriteStartArray("clients");
        foreach (StreamClient client in clients)
        {
            json.WriteStartObject();
            json.WriteNumber("id", client.Id);
            json.WriteString("address", client.Address);
            json.WriteString("kind", client.Kind);
            json.WriteNumber("fps", Math.Round(client.FramesPerSecond, 1));
            if (client.FpsLimit is double limit)
            {
                json.WriteNumber("fpsLimit", limit);
            }
            else
            {
                json.WriteNull("fpsLimit");
            }

            json.WriteNumber("queued", client.Queued);
            json.WriteNumber("sent", client.Sent);
            json.WriteNumber("dropped", client.Dropped);
            json.WriteNumber("bytesSent", client.BytesSent);
            json.WriteString("connectedSince", client.ConnectedSince);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("clientCount", clients.Count);
        json.WriteNumber("framesCaptured", _statistics.FramesCaptured);
        json.WriteNumber("framesBroken", _statistics.FramesBroken);
        json.WriteNumber("framesSent", _statistics.FramesSent);
        json.WriteNumber("bytesSent", _statistics.BytesSent);
        json.WriteNumber("framesDropped", _statistics.FramesDropped(clients));
        json.WriteNumber("evictions", _statistics.Evictions);
        json.WriteNumber("rejectedClients", _statistics.RejectedClients);
        json.WriteNumber("clientsServed", _statistics.ClientsServed);
        json.WriteEndObject();

        PublishTargetsJson.Write(json, _publish.Targets);
        GifState.Write(json, _settings.Current.Gif, _gif, _broadcaster.GifClientCount);
        Gpio.GpioStateJson.Write(json, _gpio.State, _privacy);

        json.WriteStartObject("idle");
        json.WriteString("state", status.State is CaptureState.Idle ? "idle" : "streaming");
        json.WriteNumber("idleTimeoutSeconds", streaming.IdleTimeout.TotalSeconds);
        json.WriteBoolean("exitWhenIdle", streaming.ExitWhenIdle);
        json.WriteEndObject();

        json.WriteEndObject();
    }

    public static string StateName(CaptureState state) => state switch
    {
        CaptureState.Idle => "idle",
        CaptureState.Starting => "starting",
        CaptureState.Running => "running",
        CaptureState.Privacy => "privacy",
        _ => "failed",
    };
}
