using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Camstreamd.Tests.Web;

/// <summary>
/// A minimal Chrome DevTools Protocol client over one page target's websocket. One reader takes every message: a
/// reply completes the command waiting for it; an event goes, in order, to the handler registered for its method
/// (<see cref="On"/>), which runs apart from the reader, so it may itself send commands (as <c>Fetch.requestPaused</c>
/// must be answered before the page goes on). Events nobody handles are dropped.
/// </summary>
internal sealed class CdpConnection : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    private readonly ClientWebSocket _socket = new();
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonElement>> _replies = new();
    private readonly ConcurrentDictionary<string, Func<JsonElement, Task>> _handlers = new();
    private readonly ConcurrentQueue<string> _handlerErrors = new();
    private readonly Channel<(string Method, JsonElement Parameters)> _events = Channel.CreateUnbounded<(string, JsonElement)>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _closing = new();
    private Task _receiving = Task.CompletedTask;
    private Task _dispatching = Task.CompletedTask;
    private int _nextId;

    private CdpConnection()
    {
    }

    /// <summary>What event handlers threw (a command refused because its request was already gone, say), for failure messages.</summary>
    public IReadOnlyCollection<string> HandlerErrors => _handlerErrors;

    public static async Task<CdpConnection> ConnectAsync(Uri webSocketUrl)
    {
        CdpConnection connection = new();
        using CancellationTokenSource timeout = new(CommandTimeout);
        await connection._socket.ConnectAsync(webSocketUrl, timeout.Token);
        connection._receiving = Task.Run(connection.ReceiveAllAsync);
        connection._dispatching = Task.Run(connection.DispatchAllAsync);
        return connection;
    }

    /// <summary>Runs <paramref name="handler"/> with the <c>params</c> of every later event named <paramref name="method"/>.</summary>
    public void On(string method, Func<JsonElement, Task> handler) => _handlers[method] = handler;

    /// <summary>Sends one command and returns its <c>result</c>; a protocol error fails with the method's name.</summary>
    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null)
    {
        int id = Interlocked.Increment(ref _nextId);
        TaskCompletionSource<JsonElement> reply = new(TaskCreationOptions.RunContinuationsAsynchronously);
        _replies[id] = reply;
        try
        {
            JsonObject request = new() { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
            using CancellationTokenSource timeout = new(CommandTimeout);
            await _sending.WaitAsync(timeout.Token);
            try
            {
                await _socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token);
            }
            finally
            {
                _sending.Release();
            }

            JsonElement root = await reply.Task.WaitAsync(CommandTimeout);
            if (root.TryGetProperty("error", out JsonElement error))
            {
                throw new InvalidOperationException($"CDP {method} failed: {error}");
            }

            return root.GetProperty("result");
        }
        finally
        {
            _replies.TryRemove(id, out _);
        }
    }

    /// <summary>Evaluates a JavaScript expression in the page (promises awaited) and returns its value.</summary>
    public async Task<JsonElement> EvaluateAsync(string expression)
    {
        JsonElement result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["returnByValue"] = true,
            ["awaitPromise"] = true,
        });
        if (result.TryGetProperty("exceptionDetails", out JsonElement exception))
        {
            throw new InvalidOperationException($"JavaScript `{expression}` threw: {exception}");
        }

        JsonElement remote = result.GetProperty("result");
        return remote.TryGetProperty("value", out JsonElement value) ? value : default;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The browser is killed right after; a close it did not acknowledge changes nothing.
            }
        }

        await _closing.CancelAsync();
        _socket.Abort();
        await Task.WhenAll(_receiving, _dispatching).WaitAsync(TimeSpan.FromSeconds(10));
        _socket.Dispose();
        _sending.Dispose();
        _closing.Dispose();
    }

    // Ends (without throwing) when the browser or DisposeAsync closes the socket; commands still waiting then fail.
    private async Task ReceiveAllAsync()
    {
        using MemoryStream message = new();
        byte[] buffer = new byte[64 * 1024];
        string closedBecause = "the DevTools connection was closed";
        try
        {
            while (true)
            {
                message.SetLength(0);
                WebSocketReceiveResult part;
                do
                {
                    part = await _socket.ReceiveAsync(buffer, _closing.Token);
                    if (part.MessageType == WebSocketMessageType.Close)
                    {
                        closedBecause = $"chromium closed the DevTools connection: {part.CloseStatusDescription}";
                        return;
                    }

                    message.Write(buffer, 0, part.Count);
                }
                while (!part.EndOfMessage);

                using JsonDocument document = JsonDocument.Parse(message.GetBuffer().AsMemory(0, (int)message.Length));
                JsonElement root = document.RootElement;
                if (root.TryGetProperty("id", out JsonElement id))
                {
                    if (_replies.TryGetValue(id.GetInt32(), out TaskCompletionSource<JsonElement>? reply))
                    {
                        reply.TrySetResult(root.Clone());
                    }
                }
                else if (root.TryGetProperty("method", out JsonElement method))
                {
                    JsonElement parameters = root.TryGetProperty("params", out JsonElement p) ? p.Clone() : default;
                    _events.Writer.TryWrite((method.GetString()!, parameters));
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            closedBecause = $"the DevTools connection ended: {e.Message}";
        }
        finally
        {
            _events.Writer.TryComplete();
            foreach (TaskCompletionSource<JsonElement> waiting in _replies.Values)
            {
                waiting.TrySetException(new InvalidOperationException(closedBecause));
            }
        }
    }

    private async Task DispatchAllAsync()
    {
        await foreach ((string method, JsonElement parameters) in _events.Reader.ReadAllAsync())
        {
            if (!_handlers.TryGetValue(method, out Func<JsonElement, Task>? handler))
            {
                continue;
            }

            try
            {
                await handler(parameters);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or WebSocketException)
            {
                _handlerErrors.Enqueue($"{method}: {e.Message}");
            }
        }
    }
}
