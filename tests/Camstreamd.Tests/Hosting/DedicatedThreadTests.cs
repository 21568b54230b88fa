using System.Globalization;
using Camstreamd.Hosting;

namespace Camstreamd.Tests.Hosting;

public sealed class DedicatedThreadTests
{
    [Fact]
    public async Task Niceness_MakesOnlyThatThreadNicerThanTheOneThatStartedIt()
    {
        int starter = NiceOfThisThread();
        int nicer = int.MinValue;
        int plain = int.MinValue;

        await DedicatedThread.Start("nicer", () => nicer = NiceOfThisThread(), niceness: 10).WaitAsync(TimeSpan.FromSeconds(10));
        await DedicatedThread.Start("plain", () => plain = NiceOfThisThread()).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(Math.Min(19, starter + 10), nicer);
        Assert.Equal(starter, plain);
        Assert.Equal(starter, NiceOfThisThread());
    }

    [Fact]
    public async Task ABodyThatThrows_EndsTheTaskFaulted()
    {
        Task task = DedicatedThread.Start("throws", () => throw new InvalidOperationException("broken"), niceness: 10);

        InvalidOperationException thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal("broken", thrown.Message);
    }

    /// <summary>The nice value the kernel keeps for the calling thread: field 19 of /proc/thread-self/stat.</summary>
    private static int NiceOfThisThread()
    {
        string stat = File.ReadAllText("/proc/thread-self/stat");
        // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], CultureInfo.InvariantCulture);
    }
}
