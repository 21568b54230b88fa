using Camstreamd.Frames;
using Camstreamd.Streaming;
using Camstreamd.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Camstreamd.Tests.Streaming;

public sealed class StreamClientTests
{
    private readonly FramePool _pool = new(64);
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Enqueue_WhenFull_DropsOldestAndKeepsNewestInOrder()
    {
        StreamClient client = new(1, "test", ViewerKind.Mjpeg, capacity: 2, fpsLimit: null, _time);
        for (long sequence = 1; sequence <= 5; sequence++)
        {
            client.Enqueue(TestFrames.Rent(_pool, sequence));
        }

        Assert.Equal(3, client.Dropped);
        Assert.True(client.TryDequeue(out Frame? first));
        Assert.True(client.TryDequeue(out Frame? second));
        Assert.False(client.TryDequeue(out _));
        Assert.Equal([4L, 5L], [first.Sequence, second.Sequence]);
        first.Release();
        second.Release();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task WaitAsync_CompletesWhenAFrameArrivesFromAnotherThread()
    {
        StreamClient client = new(1, "test", ViewerKind.Mjpeg, 2, null, _time);
        ValueTask<bool> waiting = client.WaitAsync();
        Assert.False(waiting.IsCompleted);

        await Task.Run(() => client.Enqueue(TestFrames.Rent(_pool, 1)));

        Assert.True(await waiting.AsTask().WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(client.TryDequeue(out Frame? frame));
        frame.Release();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task Close_WakesTheWriterWithFalseAndReleasesQueuedFrames()
    {
        StreamClient client = new(1, "test", ViewerKind.Mjpeg, 2, null, _time);
        client.Enqueue(TestFrames.Rent(_pool, 1));
        Assert.True(await client.WaitAsync());
        Assert.True(client.TryDequeue(out Frame? taken));
        client.Enqueue(TestFrames.Rent(_pool, 2));
        bool aborted = false;
        client.OnAbort(() => aborted = true);

        client.Close("shutdown", abortConnection: false);

        Assert.False(await client.WaitAsync());
        Assert.False(aborted);
        Assert.Equal("shutdown", client.CloseReason);
        taken.Release();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void Enqueue_AfterClose_ReleasesTheFrameAtOnce()
    {
        StreamClient client = new(1, "test", ViewerKind.Mjpeg, 2, null, _time);
        client.Close("evicted", abortConnection: true);

        client.Enqueue(TestFrames.Rent(_pool, 1));

        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public void PendingWriteDuration_GrowsOnlyWhileAWriteIsPending()
    {
        StreamClient client = new(1, "test", ViewerKind.Mjpeg, 2, null, _time);
        Assert.Equal(TimeSpan.Zero, client.PendingWriteDuration(_time.GetTimestamp()));

        client.MarkWriteStarted();
        _time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(TimeSpan.FromSeconds(3), client.PendingWriteDuration(_time.GetTimestamp()));

        client.MarkWritten(100);
        Assert.Equal(TimeSpan.Zero, client.PendingWriteDuration(_time.GetTimestamp()));
        Assert.Equal(1, client.Sent);
        Assert.Equal(100, client.BytesSent);
    }
}
