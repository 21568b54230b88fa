using System.Net.Sockets;
using Camstreamd.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Streaming.Tcp;

/// <summary>
/// The TCP stream's lifetime: listens from start when <c>Tcp:Port</c> is set, and on a reload that changes
/// a <c>Tcp</c> key ends the readers' streams cleanly and listens anew with the new values (readers such as
/// <c>camstreamd receive</c> reconnect). A socket systemd passed for <c>Tcp:Port</c> is used instead of binding.
/// A port that cannot be bound is logged as an error and the HTTP server keeps serving.
/// </summary>
internal sealed class TcpStreamService : IHostedService, IDisposable
{
    /// <summary>How long readers get to finish the frame they are on when the stream stops; well inside the host's shutdown timeout.</summary>
    public static readonly TimeSpan ReaderStopTimeout = TimeSpan.FromSeconds(2);

    private readonly SettingsStore _settings;
    private readonly StreamSessions _sessions;
    private readonly PassedTcpSocket _passed;
    private readonly TimeProvider _time;
    private readonly ILogger<TcpStreamService> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _reopeningLock = new();
    private TcpStreamListener? _listener;
    private Task _reopening = Task.CompletedTask;
    private bool _stopped;
    private int _disposed;

    public TcpStreamService(SettingsStore settings, StreamSessions sessions, PassedTcpSocket passed, TimeProvider time, ILogger<TcpStreamService> logger)
    {
        _settings = settings;
        _sessions = sessions;
        _passed = passed;
        _time = time;
        _logger = logger;
    }

    /// <summary>The listener in use, or null while the TCP stream is off or could not listen; for tests and diagnostics.</summary>
    public TcpStreamListener? Listener => Volatile.Read(ref _listener);

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _settings.Changed += OnSettingsChanged;
        CamstreamdSettings current = _settings.Current;
        Volatile.Write(ref _listener, Open(current.Tcp, current.Http));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _settings.Changed -= OnSettingsChanged;
        // A reopen still waiting for the gate gives up now; one holding it finishes (its stop is bounded) before we go on.
        await _stopping.CancelAsync().ConfigureAwait(false);
        // Not the host's token: when its time to stop is up (a slow stop elsewhere), giving up here would leave the
        // listener open and throw out of the host's stop, which ends the process with an abort. The gate's holder
        // stops within ReaderStopTimeout, so this wait is bounded anyway.
        if (!await _gate.WaitAsync(ReaderStopTimeout * 2).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            _stopped = true;
            TcpStreamListener? listener = Interlocked.Exchange(ref _listener, null);
            if (listener is not null)
            {
                await listener.StopAsync("the service is stopping", ReaderStopTimeout).ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        // No reopen outlives the service: by now each has ended or is ending; bounded all the same.
        Task reopening;
        lock (_reopeningLock)
        {
            reopening = _reopening;
        }

        try
        {
            await reopening.WaitAsync(ReaderStopTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
        {
            // Cannot time out with the gate held above; never hold up shutdown for it, nor crash it when the host's
            // time to stop is up.
        }
    }

    public void Dispose()
    {
        // Disposed more than once (registered both as itself and as a hosted service): only the first counts.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping.Cancel();
        _stopping.Dispose();
        _gate.Dispose();
        _passed.Socket?.Dispose();
    }

    /// <summary>Applies changed <c>Tcp</c> settings; returns when the new listener (if any) is up. Public for tests.</summary>
    public async Task ReopenAsync(CamstreamdSettings settings)
    {
        try
        {
            await _gate.WaitAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or ObjectDisposedException)
        {
            // The service is stopping (or already gone): there is nothing to listen for any more.
            return;
        }

        try
        {
            if (_stopped)
            {
                return;
            }

            TcpStreamListener? old = Interlocked.Exchange(ref _listener, null);
            Log.Reopening(_logger, old?.ConnectionCount ?? 0);
            if (old is not null)
            {
                await old.StopAsync("the Tcp settings changed", ReaderStopTimeout).ConfigureAwait(false);
            }

            Volatile.Write(ref _listener, Open(settings.Tcp, settings.Http));
        }
        finally
        {
            _gate.Release();
        }
    }

    private void OnSettingsChanged(CamstreamdSettings previous, CamstreamdSettings next)
    {
        if (!previous.Tcp.SameAs(next.Tcp))
        {
            // Not awaited on the reloading thread: stopping waits (boundedly) for readers to finish their frame.
            // Kept, so StopAsync waits for it and nothing it throws goes unobserved.
            Task reopen = ReopenAsync(next);
            lock (_reopeningLock)
            {
                _reopening = _reopening.IsCompletedSuccessfully ? reopen : Task.WhenAll(_reopening, reopen);
            }
        }
    }

    private TcpStreamListener? Open(TcpOptions tcp, HttpOptions http)
    {
        if (tcp.Port == 0)
        {
            return null;
        }

        TcpListenSocket socket;
        if (_passed.Socket is not null && _passed.Port == tcp.Port)
        {
            socket = TcpListenSocket.Passed(_passed.Socket);
        }
        else
        {
            string address = tcp.ListenAddress(http);
            try
            {
                socket = TcpListenSocket.Bind(address, tcp.Port);
            }
            catch (SocketException exception)
            {
                Log.ListenFailed(_logger, address == "*" ? $"*:{tcp.Port}" : $"{address}:{tcp.Port}", exception.Message);
                return null;
            }
        }

        TcpStreamListener listener = new(socket, _sessions, tcp.FramesPerSecond > 0 ? tcp.FramesPerSecond : null, _time, _logger);
        listener.Start();
        return listener;
    }
}
