using System.Diagnostics;
using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Publishing;

/// <summary>A viewer on /stream for the length of a test, noting when each frame arrived, to show that publishing never disturbs it.</summary>
internal sealed class WatchingViewer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpResponseMessage _response;
    private readonly Task _reading;
    private readonly Lock _gate = new();
    private readonly List<long> _arrivals = [];

    private WatchingViewer(HttpResponseMessage response)
    {
        _response = response;
        _reading = Task.Run(ReadAsync);
    }

    public Exception? Error { get; private set; }

    public bool Ended { get; private set; }

    public int Frames
    {
        get
        {
            lock (_gate)
            {
                return _arrivals.Count;
            }
        }
    }

    public static async Task<WatchingViewer> StartAsync(HttpClient client)
    {
        HttpResponseMessage response = await client.GetAsync(new Uri("/stream", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new WatchingViewer(response);
    }

    /// <summary>The longest time without a frame since <paramref name="since"/> (a Stopwatch timestamp), up to now.</summary>
    public TimeSpan LongestGapSince(long since)
    {
        lock (_gate)
        {
            long previous = since;
            long longest = 0;
            foreach (long arrival in _arrivals.Where(arrival => arrival >= since).Append(Stopwatch.GetTimestamp()))
            {
                longest = Math.Max(longest, arrival - previous);
                previous = arrival;
            }

            return Stopwatch.GetElapsedTime(0, longest);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading.WaitAsync(TimeSpan.FromSeconds(10));
        _stop.Dispose();
    }

    private async Task ReadAsync()
    {
        try
        {
            await using Stream body = await _response.Content.ReadAsStreamAsync(_stop.Token);
            MultipartReader reader = new(body, "camstreamdframe");
            while (await reader.ReadPartAsync(_stop.Token) is MultipartPart part && !part.IsLast)
            {
                lock (_gate)
                {
                    _arrivals.Add(Stopwatch.GetTimestamp());
                }
            }

            Ended = true;
        }
        catch (Exception ex) when (_stop.IsCancellationRequested && ex is OperationCanceledException or IOException or ObjectDisposedException or HttpRequestException)
        {
            // The test is over.
        }
        catch (Exception ex)
        {
            Error = ex;
        }
    }
}
