using System.ComponentModel;
using System.Net.Sockets;
using System.Security.Authentication;
using Camstreamd.Configuration;
using Camstreamd.Processes;
using Camstreamd.Publishing.Rtsp;
using Camstreamd.Streaming;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Publishing;

/// <summary>
/// One target's ffmpeg runs, each from start to end: the RTSP relay when the URL needs one, the RTMP preset file,
/// the process and its stderr (progress and errors), a broadcaster client feeding its stdin
/// (<see cref="FramePipeWriter"/>), and a clean end (end of input, then signals). A client evicted for a stalled
/// pipe ends that ffmpeg. Each run returns why it ended, with the URL's secrets masked.
/// </summary>
internal sealed class FfmpegRun
{
    /// <summary>After its stdin closes, how long ffmpeg gets to flush the encoder and end the stream cleanly.</summary>
    private static readonly TimeSpan FinishWait = TimeSpan.FromSeconds(2);

    /// <summary>What ffmpeg says after the real reason ("Connection refused"), which /state should keep showing.</summary>
    private static readonly string[] GenericEndings = ["Error initializing output stream", "Conversion failed!", "Error writing trailer", "Error closing file", "Exiting normally"];

    private readonly PublishTargetOptions _options;
    private readonly PublishUrl _url;
    private readonly string _ffmpeg;
    private readonly FrameBroadcaster _broadcaster;
    private readonly StreamSessions _sessions;
    private readonly PublishTargetStatus _status;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public FfmpegRun(PublishTargetOptions options, PublishUrl url, string ffmpeg, FrameBroadcaster broadcaster, StreamSessions sessions, PublishTargetStatus status, TimeProvider time, ILogger logger)
    {
        _options = options;
        _url = url;
        _ffmpeg = ffmpeg;
        _broadcaster = broadcaster;
        _sessions = sessions;
        _status = status;
        _time = time;
        _logger = logger;
    }

    /// <summary>One ffmpeg from start to end; returns why it ended (password masked).</summary>
    public async Task<string> RunAsync(string encoder, double fps, CancellationToken cancellationToken)
    {
        FfmpegProgress progress = new(_time);
        RtspRelay? relay = null;
        if (RtspRelay.IsNeeded(_url))
        {
            try
            {
                byte[]? pin = _options.TlsFingerprint is string fingerprint ? CertificatePin.TryParse(fingerprint) : null;
                relay = await RtspRelay.OpenAsync(_url, pin, _logger, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is SocketException or TimeoutException or OperationCanceledException or AuthenticationException or IOException)
            {
                return _url.Mask($"cannot connect to {_url.HostAndPort}: {ex.Message}");
            }
        }

        await using (relay)
        {
            string failure = await RunAsync(encoder, fps, progress, relay?.LocalUrl, cancellationToken).ConfigureAwait(false);
            return relay?.Failure is string relayed ? $"{failure} (relaying to the server: {relayed})" : failure;
        }
    }

    /// <summary>As above, with ffmpeg publishing to <paramref name="rtspRelayUrl"/> when it is not null.</summary>
    private async Task<string> RunAsync(string encoder, double fps, FfmpegProgress progress, string? rtspRelayUrl, CancellationToken cancellationToken)
    {
        string? preset = null;
        ChildProcess child;
        try
        {
            preset = RtmpPreset.Write(_url);
            List<string> arguments = FfmpegArguments.Build(_options, _url, encoder, fps, preset, rtspRelayUrl);
            child = ChildProcess.Start(_ffmpeg, arguments, keepInput: true, (pid, line) => OnErrorLine(progress, pid, line));
        }
        catch (Exception ex) when (ex is Win32Exception or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            DeletePreset(preset);
            return _url.Mask($"cannot start {_ffmpeg}: {ex.Message}");
        }

        Log.FfmpegStarted(_logger, _url.Redacted, child.Id, _ffmpeg);
        StreamClient client = new(_sessions.NextClientId(), _url.Redacted, ViewerKind.Publish, capacity: 1, fpsLimit: null, _time);
        // Evicted (its pipe stalled): ffmpeg is stopped on a thread of its own; Finish's Stop waits for that one.
        client.OnAbort(() => Task.Factory.StartNew(child.Stop, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default));
        _status.RunStarted(client, progress, child.Id);

        // An ffmpeg that gives up (server gone) ends the run even while no frame comes to notice it by.
        Task exited = child.WaitForExitAsync(CancellationToken.None)
            .ContinueWith(_ => client.Close("ffmpeg exited", abortConnection: false), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        string? writeError = null;

        // Stopping also cancels a write that ffmpeg does not read (its server stalled): the client is closed
        // then, so the supervisor no longer evicts it, and only the token ends that write.
        using (cancellationToken.Register(() => client.Close("stopping", abortConnection: false)))
        {
            if (_broadcaster.TryAdd(client, int.MaxValue))
            {
                try
                {
                    writeError = await FramePipeWriter.WriteFramesAsync(client, child.Input, _time, cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    // Even after an unexpected exception: a client left registered would hold a queued frame.
                    _broadcaster.Remove(client);
                }
            }
        }

        // Ending ffmpeg waits (seconds at worst): on a thread of its own, not one the viewers' writers need.
        string ending = await Task.Factory.StartNew(() => Finish(child), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        _status.RunEnded(client);
        DeletePreset(preset);
        // Finish has seen ffmpeg exit, or stopped it: the exit's continuation runs at once, or never (a
        // process SIGKILL could not end), so the wait is bounded.
        try
        {
            await exited.WaitAsync(FinishWait, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Left to run when it can; it only closes a client that is gone already.
        }

        string? said = child.ErrorOutput.LastLine;
        child.Dispose();
        string why = client.CloseReason is string closed && closed != "ffmpeg exited" ? $"{closed}; ffmpeg {ending}" : $"ffmpeg {ending}";
        if (writeError is not null && said is null)
        {
            why += $" (writing to it: {writeError})";
        }

        return _url.Mask(said is null ? why : $"{why}: {said}");
    }

    /// <summary>Ends ffmpeg: end of input first, so it flushes and closes the stream cleanly, then signals if it lingers.</summary>
    private string Finish(ChildProcess child)
    {
        try
        {
            child.Input.Dispose();
        }
        catch (IOException)
        {
            // ffmpeg is gone already: nothing to flush.
        }

        if (child.WaitForExit(FinishWait))
        {
            return child.DescribeExit();
        }

        if (child.Stop())
        {
            Log.FfmpegKilled(_logger, _url.Redacted, child.Id, ChildProcess.TerminateGrace.TotalSeconds);
        }

        return "was stopped";
    }

    private string? OnErrorLine(FfmpegProgress progress, int pid, string line)
    {
        if (progress.TryTake(line))
        {
            if (progress.Frames > 0 && _status.SetPublishing())
            {
                Log.TargetPublishing(_logger, _url.Redacted, pid);
            }

            return null;
        }

        string masked = _url.Mask(line);
        Log.ErrorOutput(_logger, _url.Redacted, pid, masked);
        return GenericEndings.Any(ending => masked.StartsWith(ending, StringComparison.Ordinal)) ? null : masked;
    }

    private static void DeletePreset(string? path)
    {
        try
        {
            if (path is not null)
            {
                File.Delete(path);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // In the daemon's private temporary folder, mode 0600: left behind, it harms no one.
        }
    }
}
