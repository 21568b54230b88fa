using Camstreamd.Frames;
using Camstreamd.Streaming;
using Camstreamd.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Camstreamd.Tests.Streaming;

public sealed class FrameBroadcasterTests
{
    private readonly FramePool _pool = new(64);
    private readonly FakeTimeProvider _time = new();
    private readonly FrameBroadcaster _broadcaster = new();

    [Fact]
    public void Publish_GivesEveryViewerTheFrameAndKeepsItAsNewest()
    {
        StreamClient a = Add(), b = Add();

        _broadcaster.Publish(TestFrames.Rent(_pool, 1));

        Assert.Equal(3, PeekReferences(a));
        Frame? newest = _broadcaster.AcquireLatest(FrameFeed.Jpeg);
        Assert.Equal(1, newest!.Sequence);
        newest.Release();
        Drain(a);
        Drain(b);
        _broadcaster.ClearLatest();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void TryAdd_HandsTheNewestFrameToTheNewViewerAtOnce()
    {
        _broadcaster.Publish(TestFrames.Rent(_pool, 7));

        StreamClient late = Add();

        Assert.True(late.TryDequeue(out Frame? frame));
        Assert.Equal(7, frame.Sequence);
        frame.Release();
        _broadcaster.ClearLatest();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void TryAdd_RefusesBeyondTheLimit()
    {
        Assert.True(_broadcaster.TryAdd(NewClient(), maxClients: 1));
        Assert.False(_broadcaster.TryAdd(NewClient(), maxClients: 1));
        Assert.Equal(1, _broadcaster.ClientCount);
    }

    [Fact]
    public void Remove_ReleasesWhatTheViewerStillHadQueued()
    {
        StreamClient client = Add();
        _broadcaster.Publish(TestFrames.Rent(_pool, 1));
        _broadcaster.Publish(TestFrames.Rent(_pool, 2));

        _broadcaster.Remove(client);
        _broadcaster.ClearLatest();

        Assert.Equal(0, _pool.Outstanding);
        Assert.Equal(0, _broadcaster.ClientCount);
    }

    [Fact]
    public async Task WaitForFrameAsync_ReturnsTheNextPublishedFrame_OrNullAfterTheTimeout()
    {
        Assert.Null(await _broadcaster.WaitForFrameAsync(0, TimeSpan.FromMilliseconds(50), TimeProvider.System, CancellationToken.None));

        Task<Frame?> waiting = _broadcaster.WaitForFrameAsync(0, TimeSpan.FromSeconds(5), TimeProvider.System, CancellationToken.None);
        _broadcaster.Publish(TestFrames.Rent(_pool, 3));
        Frame? frame = await waiting;

        Assert.Equal(3, frame!.Sequence);
        frame.Release();
        _broadcaster.ClearLatest();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Release_MoreOftenThanReferenced_Throws()
    {
        Frame frame = TestFrames.Rent(_pool, 1);
        frame.Release();

        Assert.Throws<InvalidOperationException>(frame.Release);
    }

    /// <summary>
    /// Connects, disconnects, slow readers, drops and evictions racing with a fast producer: at the end
    /// every pooled frame has come back exactly once (a double release would throw, a lost one shows
    /// as outstanding).
    /// </summary>
    [Fact]
    public async Task Publish_UnderChurn_ReturnsEveryFrameExactlyOnce()
    {
        const int frames = 20_000;
        using CancellationTokenSource stop = new();
        List<Exception> errors = new();
        Task[] viewers = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            Random random = new(i);
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    StreamClient client = NewClient(capacity: 1 + (i % 3));
                    if (!_broadcaster.TryAdd(client, 64))
                    {
                        continue;
                    }

                    int reads = random.Next(1, 200);
                    for (int read = 0; read < reads && !stop.IsCancellationRequested; read++)
                    {
                        if (client.TryDequeue(out Frame? frame))
                        {
                            frame.Release();
                        }

                        if (random.Next(10) == 0)
                        {
                            await Task.Yield();
                        }
                    }

                    if (random.Next(4) == 0)
                    {
                        client.Close("evicted", abortConnection: true);
                    }

                    _broadcaster.Remove(client);
                }
            }
            catch (Exception exception)
            {
                lock (errors)
                {
                    errors.Add(exception);
                }
            }
        })).ToArray();

        await Task.Run(() =>
        {
            for (long sequence = 1; sequence <= frames; sequence++)
            {
                _broadcaster.Publish(TestFrames.Rent(_pool, sequence));
            }
        });
        await stop.CancelAsync();
        await Task.WhenAll(viewers).WaitAsync(TimeSpan.FromSeconds(30));
        _broadcaster.ClearLatest();

        Assert.Empty(errors);
        Assert.Equal(frames, _pool.Rented);
        Assert.Equal(0, _pool.Outstanding);
        Assert.True(_pool.Created < 200, $"the pool should recycle frames, but created {_pool.Created}");
    }

    private StreamClient NewClient(int capacity = 2) => new(1, "test", ViewerKind.Mjpeg, capacity, null, _time);

    private StreamClient Add()
    {
        StreamClient client = NewClient();
        Assert.True(_broadcaster.TryAdd(client, 64));
        return client;
    }

    private static int PeekReferences(StreamClient client)
    {
        Assert.True(client.TryDequeue(out Frame? frame));
        int references = frame.References;
        frame.Release();
        return references;
    }

    private static void Drain(StreamClient client)
    {
        while (client.TryDequeue(out Frame? frame))
        {
            frame.Release();
        }
    }
}
