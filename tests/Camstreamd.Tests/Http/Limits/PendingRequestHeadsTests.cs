using Camstreamd.Http.Limits;
using Camstreamd.TestSupport;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Time.Testing;

namespace Camstreamd.Tests.Http.Limits;

/// <summary>The bound on connections without a complete request head: the oldest is closed, the count stays at the limit, the log says it once a minute.</summary>
public sealed class PendingRequestHeadsTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingLogger<PendingRequestHeads> _log = new();

    [Fact]
    public void Enter_OneOverTheLimit_ClosesTheLongestWaiting_AndKeepsTheCountAtTheLimit()
    {
        PendingRequestHeads pending = new(_time, _log);
        List<DefaultConnectionContext> connections = Enumerable.Range(0, PendingRequestHeads.MaxPending + 2).Select(i => new DefaultConnectionContext($"c{i}")).ToList();
        List<PendingRequestHeads.Pending> handles = connections.Select(pending.Enter).ToList();

        Assert.Equal(PendingRequestHeads.MaxPending, pending.Count);
        Assert.True(WaitClosed(connections[0]));
        Assert.True(WaitClosed(connections[1]));
        Assert.All(connections.Skip(2), connection => Assert.False(connection.ConnectionClosed.IsCancellationRequested));

        // Leaving is idempotent for a connection closed as the oldest, and frees a place for the others.
        handles[0].Dispose();
        handles[2].Dispose();
        Assert.Equal(PendingRequestHeads.MaxPending - 1, pending.Count);
        handles.ForEach(handle => handle.Dispose());
        Assert.Equal(0, pending.Count);
    }

    [Fact]
    public void Closing_ManyInAMinute_IsOneLogLine_ThenOneWithTheCountAMinuteLater()
    {
        PendingRequestHeads pending = new(_time, _log);
        for (int i = 0; i < PendingRequestHeads.MaxPending + 100; i++)
        {
            pending.Enter(new DefaultConnectionContext($"c{i}"));
        }

        Assert.Single(_log.Entries, entry => entry.EventId.Id == 5101);
        _time.Advance(TimeSpan.FromMinutes(1));
        pending.Enter(new DefaultConnectionContext("late"));

        RecordedLogEntry[] lines = [.. _log.Entries.Where(entry => entry.EventId.Id == 5101)];
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Closed 1 connections", lines[0].Message, StringComparison.Ordinal);
        // The 99 closed after the first line, and the late one.
        Assert.StartsWith("Closed 100 connections", lines[1].Message, StringComparison.Ordinal);
    }

    // DefaultConnectionContext.Abort cancels ConnectionClosed on the thread pool.
    private static bool WaitClosed(ConnectionContext connection) =>
        connection.ConnectionClosed.WaitHandle.WaitOne(TimeSpan.FromSeconds(10));
}
