using Camstreamd.Hosting.Systemd;

namespace Camstreamd.Tests.Hosting.Systemd;

public sealed class SystemdContextTests
{
    private const int Pid = 4242;

    private static SystemdContext From(params (string Name, string Value)[] variables)
    {
        Dictionary<string, string> map = variables.ToDictionary(v => v.Name, v => v.Value);
        return SystemdContext.From(name => map.GetValueOrDefault(name), Pid);
    }

    [Fact]
    public void From_NothingSet_IsPlainProcess()
    {
        SystemdContext context = From();

        Assert.Null(context.NotifySocket);
        Assert.Null(context.WatchdogInterval);
        Assert.False(context.IsSocketActivated);
        Assert.False(context.IsJournal);
    }

    [Fact]
    public void From_WatchdogUsec_GivesInterval()
    {
        SystemdContext context = From(("WATCHDOG_USEC", "10000000"), ("WATCHDOG_PID", "4242"));

        Assert.Equal(TimeSpan.FromSeconds(10), context.WatchdogInterval);
    }

    [Fact]
    public void From_WatchdogForAnotherPid_IsIgnored()
    {
        SystemdContext context = From(("WATCHDOG_USEC", "10000000"), ("WATCHDOG_PID", "1"));

        Assert.Null(context.WatchdogInterval);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("ten")]
    public void From_BadWatchdogUsec_IsIgnored(string value)
    {
        Assert.Null(From(("WATCHDOG_USEC", value)).WatchdogInterval);
    }

    [Fact]
    public void From_ListenFdsForThisPid_IsSocketActivated()
    {
        SystemdContext context = From(("LISTEN_FDS", "2"), ("LISTEN_PID", "4242"));

        Assert.True(context.IsSocketActivated);
        Assert.Equal(2, context.ListenFdCount);
    }

    [Fact]
    public void From_ListenFdsWithoutPid_IsNotOurs()
    {
        Assert.False(From(("LISTEN_FDS", "1")).IsSocketActivated);
        Assert.False(From(("LISTEN_FDS", "1"), ("LISTEN_PID", "1")).IsSocketActivated);
    }

    [Theory]
    [InlineData("JOURNAL_STREAM", "8:12345")]
    [InlineData("INVOCATION_ID", "0123456789abcdef0123456789abcdef")]
    public void From_JournalVariables_MeanJournal(string name, string value)
    {
        Assert.True(From((name, value)).IsJournal);
    }

    [Fact]
    public void From_NotifySocket_IsKept()
    {
        Assert.Equal("@/org/freedesktop/systemd1/notify", From(("NOTIFY_SOCKET", "@/org/freedesktop/systemd1/notify")).NotifySocket);
    }
}
