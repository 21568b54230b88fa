using Camstreamd.Frames;
using Camstreamd.Streaming;
using Camstreamd.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Camstreamd.Tests.Streaming;

/// <summary>
/// Which thread a viewer's writer resumes on: after a frame, the broadcaster's wake thread for a writer that asked for
/// it (one wake-up per frame for all such viewers), the thread pool for any other wake and any other writer; never the
/// publishing (capture) thread.
/// </summary>
public sealed class ViewerWakeThreadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan IdleExit = TimeSpan.FromMilliseconds(200);
    private readonly FramePool _pool = new(16);
    private readonly FakeTimeProvider _time = new();

    // The wake thread ends after 200 ms without frames, so these tests also see it end and start again between frames.
    private readonly FrameBroadcaster _broadcaster = new(IdleExit);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Publish_ResumesTheWriterForEveryFrame_OnTheWakeThreadOnlyIfItAsked_NeverOnThePublisher(bool sendOnWakeThread)
    {
        StreamClient client = Add(sendOnWakeThread);
        RecordingWriter writer = new(client);

        int publisherThread = await PublishEach(writer, frames: 20);

        Assert.Equal(20, writer.Frames);
        Assert.All(writer.ResumedOn, resumption => Assert.True(resumption.OnWakeThread == sendOnWakeThread, $"resumed on thread {resumption.ThreadId}, on the wake thread: {resumption.OnWakeThread}"));
        Assert.DoesNotContain(writer.ResumedOn, resumption => resumption.ThreadId == publisherThread);
        await Finish(client, writer);
    }

    [Fact]
    public async Task Close_WakesAWaitingWriterThroughThePool_EvenWhenFramesWakeItOnTheWakeThread()
    {
        StreamClient client = Add(sendOnWakeThread: true);
        RecordingWriter writer = new(client);
        await PublishEach(writer, frames: 1);

        client.Close("evicted", abortConnection: false);
        bool onWakeThreadAtTheEnd = await writer.Ended.WaitAsync(Patience);

        Assert.False(onWakeThreadAtTheEnd, "the writer's end (its teardown) ran on the wake thread");
        _broadcaster.Remove(client);
        _broadcaster.ClearLatest();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task Publish_TwoWritersOnTheWakeThread_BothGetEveryFrame()
    {
        StreamClient first = Add(sendOnWakeThread: true);
        StreamClient second = Add(sendOnWakeThread: true);
        RecordingWriter firstWriter = new(first);
        RecordingWriter secondWriter = new(second);

        for (long sequence = 1; sequence <= 10; sequence++)
        {
            _broadcaster.Publish(TestFrames.Rent(_pool, sequence));
            await firstWriter.WaitForFrames(sequence).WaitAsync(Patience);
            await secondWriter.WaitForFrames(sequence).WaitAsync(Patience);
        }

        Assert.Equal(10, firstWriter.Frames);
        Assert.Equal(10, secondWriter.Frames);
        await Finish(first, firstWriter);
        await Finish(second, secondWriter);
    }

    [Fact]
    public async Task WakeThread_EndsWhenNoFrameCameForItsIdleTime_AndTheNextFrameStartsItAgain()
    {
        StreamClient client = Add(sendOnWakeThread: true);
        RecordingWriter writer = new(client);
        await PublishEach(writer, frames: 1);
        Assert.True(_broadcaster.WakeThreadRunning);

        long start = TimeProvider.System.GetTimestamp();
        while (_broadcaster.WakeThreadRunning && TimeProvider.System.GetElapsedTime(start) < Patience)
        {
            await Task.Delay(IdleExit / 4);
        }

        Assert.False(_broadcaster.WakeThreadRunning, $"the wake thread still ran {Patience} after the last frame");
        _broadcaster.Publish(TestFrames.Rent(_pool, 2));
        await writer.WaitForFrames(2).WaitAsync(Patience);
        Assert.True(writer.ResumedOn[^1].OnWakeThread, "the frame after the idle exit did not resume the writer on a wake thread");
        await Finish(client, writer);
    }

    /// <summary>Publishes frames one at a time from a thread of its own, each once the writer took the one before; returns that thread's id.</summary>
    private async Task<int> PublishEach(RecordingWriter writer, int frames)
    {
        int publisherThread = 0;
        await Task.Factory.StartNew(
            () =>
            {
                publisherThread = Environment.CurrentManagedThreadId;
                for (long sequence = 1; sequence <= frames; sequence++)
                {
                    _broadcaster.Publish(TestFrames.Rent(_pool, sequence));
                    Assert.True(writer.WaitForFrames(sequence).Wait(Patience), $"the writer did not get frame {sequence} within {Patience}");
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        return publisherThread;
    }

    private async Task Finish(StreamClient client, RecordingWriter writer)
    {
        client.Close("test over", abortConnection: false);
        await writer.Ended.WaitAsync(Patience);
        _broadcaster.Remove(client);
        _broadcaster.ClearLatest();
        Assert.Equal(0, _pool.Outstanding);
    }

    private StreamClient Add(bool sendOnWakeThread)
    {
        StreamClient client = new(1, "test", ViewerKind.Mjpeg, 2, null, _time);
        if (sendOnWakeThread)
        {
            client.SendOnWakeThread();
        }

        Assert.True(_broadcaster.TryAdd(client, 64));
        return client;
    }

    private readonly record struct Resumption(int ThreadId, bool OnWakeThread);

    /// <summary>A writer loop as MjpegStreamWriter's: waits, takes the frames, notes where it was resumed.</summary>
    private sealed class RecordingWriter
    {
        private readonly StreamClient _client;
        private readonly List<Resumption> _resumedOn = [];
        private readonly Lock _gate = new();
        private long _newest;
        private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public RecordingWriter(StreamClient client)
        {
            _client = client;
            Ended = Run();
        }

        /// <summary>Completes when the loop ends, with whether it ended on the wake thread.</summary>
        public Task<bool> Ended { get; }

        public int Frames { get; private set; }

        public IReadOnlyList<Resumption> ResumedOn
        {
            get
            {
                lock (_gate)
                {
                    return [.. _resumedOn];
                }
            }
        }

        public async Task WaitForFrames(long sequence)
        {
            while (true)
            {
                Task progress;
                lock (_gate)
                {
                    if (_newest >= sequence)
                    {
                        return;
                    }

                    progress = _progress.Task;
                }

                await progress.ConfigureAwait(false);
            }
        }

        private async Task<bool> Run()
        {
            while (await _client.WaitAsync().ConfigureAwait(false))
            {
                Resumption resumption = new(Environment.CurrentManagedThreadId, ViewerWakeThread.IsCurrentThread);
                while (_client.TryDequeue(out Frame? frame))
                {
                    TaskCompletionSource progressed;
                    lock (_gate)
                    {
                        _resumedOn.Add(resumption);
                        _newest = frame.Sequence;
                        Frames++;
                        progressed = _progress;
                        _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);
                    }

                    frame.Release();
                    progressed.SetResult();
                }
            }

            return ViewerWakeThread.IsCurrentThread;
        }
    }
}
