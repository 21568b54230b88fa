using System.Collections.Concurrent;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Streaming.Tcp;

/// <summary>
/// Accepts TCP stream readers on one listening socket and serves each as a viewer of the
/// <see cref="StreamSessions"/> it is given (so, later, one listener per camera). Stopping ends every
/// reader's stream cleanly, cutting those that do not finish in time, and closes the socket when it is ours.
/// </summary>
internal sealed class TcpStreamListener
{
    private static readonly TimeSpan AcceptRetryDelay = TimeSpan.FromMilliseconds(200);

    private readonly TcpListenSocket _listenSocket;
    private readonly StreamSessions _sessions;
    private readonly double? _fpsLimit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    // No lock around the readers: a stop once hung for good on one, taken by its continuation run inline on the
    // socket engine's accept completion (seen under systemd with the watchdog on); a concurrent map needs none.
    private readonly ConcurrentDictionary<TcpReaderConnection, Task> _connections = new();
    private Task _acceptLoop = Task.CompletedTask;

    public TcpStreamListener(TcpListenSocket listenSocket, StreamSessions sessions, double? fpsLimit, TimeProvider time, ILogger logger)
    {
        _listenSocket = listenSocket;
        _sessions = sessions;
        _fpsLimit = fpsLimit;
        _time = time;
        _logger = logger;
    }

    public string Endpoint => _listenSocket.Endpoint;

    /// <summary>Readers connected now (admitted or not yet).</summary>
    public int ConnectionCount => _connections.Count;

    public void Start()
    {
        Log.Listening(_logger, Endpoint, _listenSocket.Origin);
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
    }

    /// <summary>Stops accepting, ends every reader's stream with <paramref name="reason"/> and waits up to <paramref name="timeout"/> for them.</summary>
    public async Task StopAsync(string reason, TimeSpan timeout)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        try
        {
            // Forced to yield: never continue inline inside the accept's completion callback.
            await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
        }
        finally
        {
            _listenSocket.Release();
        }

        KeyValuePair<TcpReaderConnection, Task>[] connections = _connections.ToArray();

        foreach ((TcpReaderConnection connection, _) in connections)
        {
            // A clean end: the writer finishes the frame it is on, then the connection closes with FIN.
            connection.Close(reason);
        }

        try
        {
            await Task.WhenAll(connections.Select(pair => pair.Value)).WaitAsync(timeout, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // Readers that take nothing (stalled, or a full window) would hold the stop up to StallTimeout.
            int cut = 0;
            foreach ((TcpReaderConnection connection, Task task) in connections)
            {
                if (!task.IsCompleted)
                {
                    connection.Abort();
                    cut++;
                }
            }

            Log.ReadersCut(_logger, cut, Endpoint, timeout.TotalSeconds);
        }

        Log.StoppedListening(_logger, Endpoint, reason);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken stopping)
    {
        // Off the caller's thread: the first accept may complete synchronously.
        await Task.Yield();
        while (!stopping.IsCancellationRequested)
        {
            Socket accepted;
            try
            {
                accepted = await _listenSocket.Socket.AcceptAsync(stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException exception)
            {
                // Out of descriptors (LimitNOFILE) or a connection reset while queued: keep listening.
                Log.AcceptFailed(_logger, Endpoint, exception.Message);
                try
                {
                    await Task.Delay(AcceptRetryDelay, _time, stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            TcpReaderConnection connection = new(accepted, _sessions, _fpsLimit);
            TaskCompletionSource served = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _connections[connection] = served.Task;
            _ = ServeAsync(connection, served);
        }
    }

    /// <summary>Runs one reader off the accept loop; <paramref name="served"/> completes when it has gone (never faults).</summary>
    private async Task ServeAsync(TcpReaderConnection connection, TaskCompletionSource served)
    {
        // Registered before it runs, so the finally below always finds it.
        await Task.Yield();
        try
        {
            await connection.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
            served.TrySetResult();
        }
    }
}
