using Camstreamd.TestSupport;

namespace Camstreamd.V4l2.Tests.Gpio;

/// <summary>A real viewer of /stream that keeps reading parts in the background and remembers the newest.</summary>
internal sealed class MjpegViewer : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reading;
    private byte[]? _newest;
    private long _parts;

    private MjpegViewer(HttpClient http, HttpResponseMessage response, Stream body)
    {
        _http = http;
        _response = response;
        _reading = ReadAsync(new MultipartReader(body, "camstreamdframe"));
    }

    public long Parts => Interlocked.Read(ref _parts);

    public byte[]? Newest => Volatile.Read(ref _newest);

    public static async Task<MjpegViewer> ConnectAsync(Uri baseAddress)
    {
        HttpClient http = new() { BaseAddress = baseAddress, Timeout = Timeout.InfiniteTimeSpan };
        HttpResponseMessage response = await http.GetAsync(new Uri("/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(30));
        response.EnsureSuccessStatusCode();
        return new MjpegViewer(http, response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>Waits for a part after now that <paramref name="accept"/> takes; fails after <paramref name="timeout"/>.</summary>
    public async Task<byte[]> WaitForPartAsync(Func<byte[], bool> accept, TimeSpan timeout, string what)
    {
        long after = Parts;
        byte[]? found = null;
        await Eventually.TrueAsync(
            () =>
            {
                byte[]? newest = Newest;
                if (Parts > after && newest is not null && accept(newest))
                {
                    found = newest;
                    return true;
                }

                return false;
            },
            timeout,
            () => $"the viewer received no {what} within {timeout.TotalSeconds} s ({Parts - after} parts since)");
        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        _http.Dispose();
        try
        {
            await _reading.WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException)
        {
            // The connection was closed under the reader: that is how it ends.
        }

        _stop.Dispose();
    }

    private async Task ReadAsync(MultipartReader reader)
    {
        while (!_stop.IsCancellationRequested)
        {
            MultipartPart? part = await reader.ReadPartAsync(_stop.Token);
            if (part is null)
            {
                return;
            }

            Volatile.Write(ref _newest, part.Body);
            Interlocked.Increment(ref _parts);
        }
    }
}
