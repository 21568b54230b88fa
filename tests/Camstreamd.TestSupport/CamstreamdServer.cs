using Camstreamd.Configuration;
using Camstreamd.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Camstreamd.TestSupport;

/// <summary>
/// The real daemon, composed exactly as <c>Program</c> does, listening on 127.0.0.1 on a free port.
/// Configuration comes only from the arguments given (an empty config file stands in for /etc).
/// </summary>
public sealed class CamstreamdServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _emptyConfig;

    private CamstreamdServer(WebApplication app, string emptyConfig, Uri baseAddress)
    {
        _app = app;
        _emptyConfig = emptyConfig;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public int Port => BaseAddress.Port;

    public IServiceProvider Services => _app.Services;

    // The daemon has its process to itself; here it shares one with xunit, the test's clients and cold JIT.
    // Measured on 2 cores: the pool's 2-4 threads were all busy for ~0.7 s while work waited, a viewer's
    // writer missed 10-20 frames, and the rate tests failed when run alone. The real binary on the same
    // machine missed none (curl, 20 fps for 7 s), so the tests give the shared pool headroom instead.
    private const int MinimumPoolThreads = 16;

    public static async Task<CamstreamdServer> StartAsync(params string[] arguments)
    {
        ThreadPool.GetMinThreads(out int workers, out int completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, MinimumPoolThreads), completionPorts);
        string emptyConfig = Path.Combine(Path.GetTempPath(), $"camstreamd-test-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(emptyConfig, "{}");
        string[] all = ["--config", emptyConfig, "--Http:Address=127.0.0.1", "--Http:Port=0", .. arguments];
        SettingsLoader loader = new(all);
        List<string> errors = new();
        CamstreamdSettings settings = loader.Load(errors) ?? throw new InvalidOperationException(string.Join(Environment.NewLine, errors));
        WebApplication app = CamstreamdHost.Build(loader, settings);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new CamstreamdServer(app, emptyConfig, new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal)));
    }

    public T Get<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
        File.Delete(_emptyConfig);
    }
}
