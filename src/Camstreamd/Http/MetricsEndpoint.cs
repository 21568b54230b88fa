using System.Diagnostics;
using System.Globalization;
using System.Text;
using Camstreamd.Capture;
using Camstreamd.Gif;
using Camstreamd.Publishing;
using Camstreamd.Streaming;
using Microsoft.AspNetCore.Http;

namespace Camstreamd.Http;

/// <summary><c>GET /metrics</c>: the counters of /state in Prometheus text format 0.0.4.</summary>
internal sealed class MetricsEndpoint
{
    private readonly FrameBroadcaster _broadcaster;
    private readonly CaptureService _capture;
    private readonly StreamStatistics _statistics;
    private readonly PublishService _publish;
    private readonly GifStatistics _gif;
    private readonly Gpio.GpioService _gpio;
    private readonly Privacy.PrivacyMode _privacy;
    private readonly Hosting.MemoryTrimService _memory;

    public MetricsEndpoint(FrameBroadcaster broadcaster, CaptureService capture, StreamStatistics statistics, PublishService publish, GifStatistics gif, Gpio.GpioService gpio, Privacy.PrivacyMode privacy, Hosting.MemoryTrimService memory)
    {
        _gpio = gpio;
        _privacy = privacy;
        _memory = memory;
        _publish = publish;
        _gif = gif;
        _broadcaster = broadcaster;
        _capture = capture;
        _statistics = statistics;
    }

    public Task HandleAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        NoCache.Apply(context.Response);
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.WriteAsync(Render(), context.RequestAborted);
    }

    public string Render()
    {
        CaptureStatus status = _capture.Status;
        IReadOnlyList<StreamClient> clients = _broadcaster.Clients;
        StringBuilder text = new(2048);
        string labels = $"kind=\"{Escape(status.Source.Kind)}\",location=\"{Escape(status.Source.Location)}\"";
        Metric(text, "camstreamd_source_online", "gauge", "1 while the source delivers frames.", status.State == CaptureState.Running ? 1 : 0, labels);
        Metric(text, "camstreamd_source_failing", "gauge", "1 while the source is failing and being retried.", status.State == CaptureState.Failed ? 1 : 0, labels);
        Metric(text, "camstreamd_source_width_pixels", "gauge", "Width of the current picture.", status.Source.Width, labels);
        Metric(text, "camstreamd_source_height_pixels", "gauge", "Height of the current picture.", status.Source.Height, labels);
        Metric(text, "camstreamd_source_configured_fps", "gauge", "Frame rate asked of the source.", status.Source.ConfiguredFramesPerSecond, labels);
        Metric(text, "camstreamd_source_measured_fps", "gauge", "Frame rate measured over the last seconds.", status.MeasuredFramesPerSecond, labels);
        Metric(text, "camstreamd_source_starts_total", "counter", "Times the source was started.", status.Starts);
        Metric(text, "camstreamd_source_stops_total", "counter", "Times the source was stopped.", status.Stops);
        Metric(text, "camstreamd_frames_captured_total", "counter", "Frames captured and published.", _statistics.FramesCaptured);
        Metric(text, "camstreamd_frames_broken_total", "counter", "Broken frames from the source, dropped and never sent.", _statistics.FramesBroken);
        Metric(text, "camstreamd_frames_sent_total", "counter", "Frames written to viewers.", _statistics.FramesSent);
        Metric(text, "camstreamd_bytes_sent_total", "counter", "JPEG bytes written to viewers.", _statistics.BytesSent);
        Metric(text, "camstreamd_frames_dropped_total", "counter", "Frames dropped from slow viewers' queues or over their fps cap.", _statistics.FramesDropped(clients));
        Metric(text, "camstreamd_clients", "gauge", "Viewers connected to the stream now.", clients.Count);
        Metric(text, "camstreamd_clients_total", "counter", "Stream viewers served since start.", _statistics.ClientsServed);
        Metric(text, "camstreamd_tcp_clients", "gauge", "TCP stream readers (Tcp:Port) connected now, counted in camstreamd_clients too.", clients.Count(client => client.Kind == ViewerKind.Tcp));
        Metric(text, "camstreamd_client_evictions_total", "counter", "Viewers disconnected for making no progress.", _statistics.Evictions);
        Metric(text, "camstreamd_clients_rejected_total", "counter", "Stream requests refused by Streaming:MaxClients.", _statistics.RejectedClients);
        PublishTargetsMetrics(text, _publish.Targets);
        Metric(text, "camstreamd_gif_clients", "gauge", "Viewers of /stream.gif now (also counted in camstreamd_clients).", _broadcaster.GifClientCount);
        Metric(text, "camstreamd_gif_frames_encoded_total", "counter", "GIF frames encoded from JPEGs (once for all GIF viewers).", _gif.FramesEncoded);
        Metric(text, "camstreamd_gif_frames_passed_through_total", "counter", "GIF frames taken from the folder's GIF files without re-encoding.", _gif.FramesPassedThrough);
        Metric(text, "camstreamd_gif_frames_failed_total", "counter", "JPEGs the GIF encoder could not decode, skipped.", _gif.FramesFailed);
        Metric(text, "camstreamd_gif_bytes_encoded_total", "counter", "Bytes of GIF frames produced.", _gif.BytesEncoded);
        Metric(text, "camstreamd_gif_encode_seconds_total", "counter", "Time spent decoding, scaling, quantizing and encoding GIF frames.", _gif.EncodeTime.TotalSeconds);
        Metric(text, "camstreamd_gif_allocated_bytes_total", "counter", "Managed bytes allocated by the GIF encoder (ImageSharp); included in camstreamd_gc_allocated_bytes_total.", _gif.AllocatedBytes);
        Gpio.GpioMetrics.Write(text, _gpio.State, _privacy);
        Metric(text, "camstreamd_gc_allocated_bytes_total", "counter", "Bytes allocated on the managed heap since start (the frame path allocates none).", GC.GetTotalAllocatedBytes(precise: false));
        Metric(text, "camstreamd_gc_collections_total", "counter", "Garbage collections since start.", GC.CollectionCount(0));
        GCMemoryInfo heap = GC.GetGCMemoryInfo();
        Metric(text, "camstreamd_gc_heap_bytes", "gauge", "Managed heap size at the last collection, garbage included (part of the resident memory).", heap.HeapSizeBytes);
        Metric(text, "camstreamd_gc_fragmented_bytes", "gauge", "Free space left inside the managed heap by the last collection, part of camstreamd_gc_heap_bytes (a pinned object keeps the space around it).", heap.FragmentedBytes);
        Metric(text, "camstreamd_memory_trims_total", "counter", "Times the daemon gave unused memory back to the system: once started, and when the source was released.", _memory.Trims);
        Metric(text, "camstreamd_gc_committed_bytes", "gauge", "Memory the garbage collector holds from the system for the managed heap and its bookkeeping.", heap.TotalCommittedBytes);
        using (Process process = Process.GetCurrentProcess())
        {
            Metric(text, "process_cpu_seconds_total", "counter", "CPU time used by the daemon.", process.TotalProcessorTime.TotalSeconds);
            Metric(text, "process_resident_memory_bytes", "gauge", "Resident memory of the daemon.", process.WorkingSet64);
            Metric(text, "process_start_time_seconds", "gauge", "Start time of the daemon, Unix seconds.", new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeSeconds());
        }

        return text.ToString();
    }

    /// <summary>One series per target, labelled with its index in Publish:Targets and its URL (secrets redacted).</summary>
    private static void PublishTargetsMetrics(StringBuilder text, IReadOnlyList<PublishTargetSnapshot> targets)
    {
        Metric(text, "camstreamd_publish_targets", "gauge", "Publish:Targets configured.", targets.Count);
        if (targets.Count == 0)
        {
            return;
        }

        Series(text, targets, "camstreamd_publish_publishing", "gauge", "1 while the target's ffmpeg sends frames to its server.", target => target.State == PublishTargetState.Publishing ? 1 : 0);
        Series(text, targets, "camstreamd_publish_frames_sent_total", "counter", "Frames piped to the target's ffmpeg.", target => target.FramesSent);
        Series(text, targets, "camstreamd_publish_frames_dropped_total", "counter", "Frames dropped for the target (a newer one replaced them while its ffmpeg was busy).", target => target.FramesDropped);
        Series(text, targets, "camstreamd_publish_bitrate_kbps", "gauge", "Bitrate ffmpeg sends to the server, measured over its last report.", target => target.KilobitsPerSecond);
        Series(text, targets, "camstreamd_publish_restarts_total", "counter", "Times the target's ffmpeg was started again after it ended.", target => target.Restarts);
    }

    private static void Series(StringBuilder text, IReadOnlyList<PublishTargetSnapshot> targets, string name, string type, string help, Func<PublishTargetSnapshot, double> value)
    {
        Family(text, name, type, help);
        // The index keeps two targets apart whose URLs differ only in what redaction hides (the stream key).
        for (int index = 0; index < targets.Count; index++)
        {
            PublishTargetSnapshot target = targets[index];
            text.Append(CultureInfo.InvariantCulture, $"{name}{{target=\"{index}\",url=\"{Escape(target.Url)}\"}} {value(target).ToString("0.###", CultureInfo.InvariantCulture)}\n");
        }
    }

    private static void Family(StringBuilder text, string name, string type, string help) => text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} {type}\n");

    private static void Metric(StringBuilder text, string name, string type, string help, double value, string labels = "")
    {
        Family(text, name, type, help);
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(value.ToString("0.###", CultureInfo.InvariantCulture)).Append('\n');
    }

    private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
}
