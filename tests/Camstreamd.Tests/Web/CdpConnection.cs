using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Camstreamd.Tests.Web;

/// <summary>
/// A minimal Chrome DevTools Protocol client over one page target's websocket: one command at a time,
/// events are read and ignored, so nothing here needs a background reader.
/// </summary>
internal sealed class CdpConnection : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    private readonly ClientWebSocket _socket = new();
    private readonly MemoryStream _message = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _nextId;

    private CdpConnection()
    {
    }

    public static async Task<CdpConnection> ConnectAsync(Uri webSocketUrl)
    {
        CdpConnection connection = new();
        using CancellationTokenSource timeout = new(CommandTimeout);
        await connection._socket.ConnectAsync(webSocketUrl, timeout.Token);
        return connection;
    }

    /// <summary>Sends one command and returns its <c>result</c>; a protocol error fails with the method's name.</summary>
    public async Task<JsonElement> SendAsync(string method, JsonObject? parameters = null)
    {
        int id = ++_nextId;
        JsonObject request = new() { ["id"] = id, ["method"] = method, ["params"] = parameters ?? [] };
        using CancellationTokenSource timeout = new(CommandTimeout);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(request.ToJsonString()), WebSocketMessageType.Text, true, timeout.Token);
        while (true)
        {
            using JsonDocument reply = await ReceiveAsync(timeout.Token);
            JsonElement root = reply.RootElement;
            if (!root.TryGetProperty("id", out JsonElement replyId) || replyId.GetInt32() != id)
            {
                continue; // an event, or a reply to nothing we wait for
            }

            if (root.TryGetProperty("error", out JsonElement error))
            {
                throw new InvalidOperationException($"CDP {method} failed: {error}");
            }

            return root.GetProperty("result").Clone();
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

        _socket.Dispose();
        await _message.DisposeAsync();
    }

    private async Task<JsonDocument> ReceiveAsync(CancellationToken cancellationToken)
    {
        _message.SetLength(0);
        WebSocketReceiveResult part;
        do
        {
            part = await _socket.ReceiveAsync(_buffer, cancellationToken);
            if (part.MessageType == WebSocketMessageType.Close)
            {
                throw new InvalidOperationException($"chromium closed the DevTools connection: {part.CloseStatusDescription}");
            }

            _message.Write(_buffer, 0, part.Count);
        }
        while (!part.EndOfMessage);

        return JsonDocument.Parse(_message.GetBuffer().AsMemory(0, (int)_message.Length));
    }
}
