using Camstreamd.Frames;
using Camstreamd.Streaming;
using Camstreamd.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Camstreamd.Tests.Streaming;

/// <summary>
/// Which thread a viewer's writer resumes on after a frame. A writer that asked to send on the wake thread resumes on
/// the publishing (capture) thread itself while there are at most <see cref="ViewerWakeThread.SendHereLimit"/> of them,
/// and on the broadcaster's wake thread (one wake-up per frame for all) when there are more. Any other writer, and any
/// other wake, resumes on the thread pool.
/// </summary>
public sealed class ViewerWakeThreadTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan IdleExit = TimeSpan.FromMilliseconds(200);
    private readonly FramePool _pool = new(16);
    private readonly FakeTimeProvider _time = new();

    // The wake thread ends after 200 ms without frames, so these tests also see it end and start again between frames.
    private readonly FrameBroadcaster _broadcaster = new(IdleExit);

    [Fact]
    public async Task Publish_AFewWritersThatAsked_ResumeOnThePublisherForEveryFrame_WithoutAWakeThread()
    {
        RecordingWriter[] writers = AddWriters(ViewerWakeThread.SendHereLimit, sendOnWakeThread: true);

        int publisherThread = await PublishEach(writers, frames: 20);

        foreach (RecordingWriter writer in writers)
        {
            Assert.Equal(20, writer.Frames);
            Assert.All(writer.ResumedOn, resumption => Assert.True(resumption.ThreadId == publisherThread && resumption.OnWakeThread, $"resumed on thread {resumption.ThreadId} (publisher {publisherThread}), waking writers: {resumption.OnWakeThread}"));
        }

        Assert.False(_broadcaster.WakeThreadRunning, "a wake thread was started for writers the publisher resumed itself");
        await Finish(writers);
    }

    [Fact]
    public async Task Publish_MoreWritersThatAskedThanTheLimit_ResumeOnTheWakeThreadForEveryFrame_NeverOnThePublisher()
    {
        RecordingWriter[] writers = AddWriters(ViewerWakeThread.SendHereLimit + 1, sendOnWakeThread: true);

        int publisherThread = await PublishEach(writers, frames: 20);

        foreach (RecordingWriter writer in writers)
        {
            Assert.Equal(20, writer.Frames);
            Assert.All(writer.ResumedOn, resumption => Assert.True(resumption.ThreadId != publisherThread && resumption.OnWakeThread, $"resumed on thread {resumption.ThreadId} (publisher {publisherThread}), waking writers: {resumption.OnWakeThread}"));
        }

        await Finish(writers);
    }

    [Fact]
    public async Task Publish_AWriterThatDidNotAsk_ResumesOnThePoolForEveryFrame_NeverOnThePublisher()
    {
        RecordingWriter[] writers = AddWriters(1, sendOnWakeThread: false);

        int publisherThread = await PublishEach(writers, frames: 20);

        Assert.Equal(20, writers[0].Frames);
        Assert.All(writers[0].ResumedOn, resumption => Assert.True(resumption.ThreadId != publisherThread && !resumption.OnWakeThread, $"resumed on thread {resumption.ThreadId} (publisher {publisherThread}), waking writers: {resumption.OnWakeThread}"));
        await Finish(writers);
    }

    [Fact]
    public async Task Close_WakesAWaitingWriterThroughThePool_EvenWhenFramesWakeItOnThePublisher()
    {
        RecordingWriter[] writers = AddWriters(1, sendOnWakeThread: true);
        await PublishEach(writers, frames: 1);

        writers[0].Client.Close("evicted", abortConnection: false);
        bool onWakeThreadAtTheEnd = await writers[0].Ended.WaitAsync(Patience);

        Assert.False(onWakeThreadAtTheEnd, "the writer's end (its teardown) ran on a thread that wakes writers");
        _broadcaster.Remove(writers[0].Client);
        _broadcaster.ClearLatest();
        Assert.Equal(0, _pool.Outstanding);
    }

    [Fact]
    public async Task WakeThread_EndsWhenNoFrameCameForItsIdleTime_AndTheNextFrameStartsItAgain()
    {
        RecordingWriter[] writers = AddWriters(ViewerWakeThread.SendHereLimit + 1, sendOnWakeThread: true);
        await PublishEach(writers, frames: 1);
        Assert.True(_broadcaster.WakeThreadRunning);

        long start = TimeProvider.System.GetTimestamp();
        while (_broadcaster.WakeThreadRunning && TimeProvider.System.GetElapsedTime(start) < Patience)
        {
            await Task.Delay(IdleExit / 4);
        }

        Assert.False(_broadcaster.WakeThreadRunning, $"the wake thread still ran {Patience} after the last frame");
        int publisherThread = await PublishEach(writers, frames: 1, firstSequence: 2);
        Assert.All(writers, writer => Assert.True(writer.ResumedOn[^1].OnWakeThread && writer.ResumedOn[^1].ThreadId != publisherThread, "the frame after the idle exit did not resume the writer on a wake thread"));
        await Finish(writers);
    }

    /// <summary>
    /// Publishes frames one at a time from a thread of its own, each once every writer took the one before; returns that
    /// thread's id.
    /// </summary>
    private async Task<int> PublishEach(RecordingWriter[] writers, int frames, long firstSequence = 1)
    {
        int publisherThread = 0;
        await Task.Factory.StartNew(
            () =>
            {
                publisherThread = Environment.CurrentManagedThreadId;
                for (long sequence = firstSequence; sequence < firstSequence + frames; sequence++)
                {
                    _broadcaster.Publish(TestFrames.Rent(_pool, sequence));
                    foreach (RecordingWriter writer in writers)
                    {
                        Assert.True(writer.WaitForFrames(sequence).Wait(Patience), $"a writer did not get frame {sequence} within {Patience}");
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);
        return publisherThread;
    }

    private async Task Finish(RecordingWriter[] writers)
    {
        foreach (RecordingWriter writer in writers)
        {
            writer.Client.Close("test over", abortConnection: false);
            await writer.Ended.WaitAsync(Patience);
            _broadcaster.Remove(writer.Client);
        }

        _broadcaster.ClearLatest();
        Assert.Equal(0, _pool.Outstanding);
    }

    private RecordingWriter[] AddWriters(int count, bool sendOnWakeThread)
    {
        RecordingWriter[] writers = new RecordingWriter[count];
        for (int i = 0; i < count; i++)
        {
            StreamClient client = new(i + 1, "test", ViewerKind.Mjpeg, 2, null, _time);
            if (sendOnWakeThread)
            {
                client.SendOnWakeThread();
            }

            Assert.True(_broadcaster.TryAdd(client, 64));
            writers[i] = new RecordingWriter(client);
        }

        return writers;
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

        public StreamClient Client => _client;

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
                Resumption resumption = new(Environment.CurrentManagedThreadId, ViewerWakeThread.IsWakingWriters);
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

            return ViewerWakeThread.IsWakingWriters;
        }
    }
}
