using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Hosting;

/// <summary>
/// The real daemon gives back the memory it no longer needs: once started, and when the source is released after the
/// last viewer left; here after a GIF viewer, whose encoder holds megabytes while it runs. Read from /metrics, where
/// camstreamd_gc_committed_bytes is what the garbage collector holds from the system.
/// </summary>
public sealed class MemoryTrimTests
{
    private const long MegaByte = 1024 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AfterStartUp_AndWhenTheSourceIsReleased_TheGarbageCollectorGivesBackAllButTheLiveHeap()
    {
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonProcess.FreePort(), "--Camera:Source=testpattern", "--Streaming:IdleTimeout=1");
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress, Timeout = Patience };
        Memory started = await WaitForTrims(http, 1);

        Memory watching;
        using (HttpResponseMessage gif = await http.GetAsync("/stream.gif", HttpCompletionOption.ResponseHeadersRead))
        await using (Stream body = await gif.Content.ReadAsStreamAsync())
        {
            using CancellationTokenSource stop = new();
            Task reading = body.CopyToAsync(Stream.Null, stop.Token);
            watching = await WaitForGifFrames(http, 2);
            await stop.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reading);
        }

        Memory released = await WaitForTrims(http, 2);

        string figures = $"committed (heap) {started.Committed / 1024} KB ({started.Heap / 1024} KB) after start-up, {watching.Committed / 1024} KB ({watching.Heap / 1024} KB) with a GIF viewer, {released.Committed / 1024} KB ({released.Heap / 1024} KB) after the source was released";

        // Without the trims the collector kept about 2 MB beyond the heap after start-up and 3 MB after a GIF viewer
        // (and the encoder's buffers, now disposed with it). A megabyte of slack: /metrics itself allocates.
        Assert.True(started.Committed - started.Heap < MegaByte, figures);
        // The heap itself is what is alive: while the configuration file's watcher kept a buffer pinned, 1.9 MB of
        // start-up's young generation stayed around it as free space.
        Assert.True(started.Fragmented < MegaByte / 4, $"{figures}; {started.Fragmented / 1024} KB free inside the heap after start-up");
        Assert.True(released.Committed - released.Heap < MegaByte, figures);
        Assert.True(released.Committed < watching.Committed, figures);
    }

    /// <summary>
    /// After start-up the daemon pages out the read-only mappings of its own file and advises them as read at random, so
    /// a page comes back only when it is used (issue #12). Against the Native AOT binary, which is its own 17 MB program,
    /// the read-only data then stays mostly out of memory while the daemon serves (before: about 90 % resident, which
    /// the kernel's read-ahead had brought in). A page another process maps stays (the kernel pages out only what one
    /// process maps), so the daemon runs from a copy of its own here, as it does from the one installed binary on a box:
    /// the other tests' daemons run beside it. Against the JIT build the program is the dotnet host, which every dotnet
    /// process here maps: there only the advice is checked.
    /// </summary>
    [Fact]
    public async Task AfterStartUp_ThePagesOfTheProgramsFileItNoLongerUses_AreGivenBack_AndItServesAsBefore()
    {
        using TempDirectory directory = new("camstreamd-copy-");
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonStart.FromOwnCopy(directory), DaemonProcess.FreePort(), "--Camera:Source=testpattern");
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress, Timeout = Patience };
        await WaitForTrims(http, 1);

        byte[] snapshot = await http.GetByteArrayAsync("/snapshot");
        Assert.True(snapshot is [0xFF, 0xD8, ..], "/snapshot is not a JPEG");
        string state = await http.GetStringAsync("/state");
        Assert.Contains("\"testpattern\"", state, StringComparison.Ordinal);

        IReadOnlyList<ProgramMapping> readOnly = [.. ProgramMappings.Read(daemon.ProcessId).Where(mapping => !mapping.IsWritable)];
        string figures = string.Join("; ", readOnly);
        Assert.NotEmpty(readOnly);
        Assert.All(readOnly, mapping => Assert.Contains("rr", mapping.Flags));
        if (DaemonBinary.IsNative)
        {
            IReadOnlyList<ProgramMapping> data = [.. readOnly.Where(mapping => !mapping.IsExecutable)];
            Assert.True(data.Sum(mapping => mapping.ResidentKilobytes) * 2 < data.Sum(mapping => mapping.SizeKilobytes), figures);
        }
    }

    private static Task<Memory> WaitForGifFrames(HttpClient http, long frames) => WaitFor(http, "camstreamd_gif_frames_encoded_total", frames);

    private static Task<Memory> WaitForTrims(HttpClient http, long trims) => WaitFor(http, "camstreamd_memory_trims_total", trims);

    private static async Task<Memory> WaitFor(HttpClient http, string name, long atLeast) =>
        Parse(await MetricsText.WaitForAtLeastAsync(http, name, atLeast, Patience));

    private static Memory Parse(string metrics)
    {
        return new Memory(
            Value(metrics, "camstreamd_memory_trims_total"),
            Value(metrics, "camstreamd_gc_committed_bytes"),
            Value(metrics, "camstreamd_gc_heap_bytes"),
            Value(metrics, "camstreamd_gc_fragmented_bytes"));
    }

    private static long Value(string metrics, string name) => (long)MetricsText.Value(metrics, name);

    private readonly record struct Memory(long Trims, long Committed, long Heap, long Fragmented);
}
