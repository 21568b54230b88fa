using Camstreamd.TestSupport;

namespace Camstreamd.Tests.Hosting;

/// <summary>
/// The Native AOT build lays out the methods a streaming daemon runs first and together (src/Camstreamd/aot-method-order.txt,
/// issue #12), so while a viewer watches, the kernel keeps a small part of the program's code in memory: it maps the
/// 64 KB around every page used, and the 0.8 MB of code streaming runs was spread over all 7 MB. Like the page test in
/// <see cref="MemoryTrimTests"/>, the daemon runs from a copy of its own, the only process mapping that file. Against the
/// JIT build the code is compiled at run time into anonymous memory: there the viewer is served and the program's code
/// carries the read-at-random advice.
/// </summary>
public sealed class MethodLayoutTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task WhileAViewerWatches_LessThanHalfOfTheProgramsCodeIsInMemory()
    {
        using TempDirectory directory = new("camstreamd-layout-");
        await using DaemonProcess daemon = await DaemonProcess.StartAsync(DaemonStart.FromOwnCopy(directory), DaemonProcess.FreePort(), "--Camera:Source=testpattern", "--Camera:FramesPerSecond=30");
        using HttpClient http = new() { BaseAddress = daemon.BaseAddress, Timeout = Patience };
        await MetricsText.WaitForAtLeastAsync(http, "camstreamd_memory_trims_total", 1, Patience);

        using HttpResponseMessage response = await http.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        MultipartReader viewer = new(await response.Content.ReadAsStreamAsync(), "camstreamdframe");
        using CancellationTokenSource timeout = new(Patience);
        for (int frame = 0; frame < 90; frame++)
        {
            MultipartPart? part = await viewer.ReadPartAsync(timeout.Token);
            Assert.True(part is { Body: [0xFF, 0xD8, ..] }, $"part {frame} of /stream is not a JPEG");
        }

        ProgramMapping[] code = [.. ProgramMappings.Read(daemon.ProcessId).Where(mapping => mapping.IsExecutable)];
        string figures = string.Join("; ", code);
        Assert.NotEmpty(code);
        Assert.All(code, mapping => Assert.Contains("rr", mapping.Flags));
        if (DaemonBinary.IsNative)
        {
            // Measured: 2.3-2.6 MB of the 8 MB resident with the order (the runtime's own code is part of it), 6.4-6.6 MB
            // without it.
            Assert.True(code.Sum(mapping => mapping.ResidentKilobytes) * 2 < code.Sum(mapping => mapping.SizeKilobytes), figures);
        }
    }
}
