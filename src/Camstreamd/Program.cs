using Camstreamd.Configuration;
using Camstreamd.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Camstreamd;

internal static class Program
{
    /// <summary>EX_CONFIG from sysexits.h: a bad configuration, which a restart will not fix.</summary>
    public const int ConfigurationErrorExitCode = 78;

    public static int Main(string[] args)
    {
        SettingsLoader loader;
        try
        {
            loader = new SettingsLoader(args);
        }
        catch (ArgumentException exception)
        {
            Console.Error.WriteLine($"camstreamd: {exception.Message}");
            return ConfigurationErrorExitCode;
        }

        var errors = new List<string>();
        CamstreamdSettings? settings = loader.Load(errors);
        if (settings is null)
        {
            Console.Error.WriteLine($"camstreamd: invalid configuration ({loader.ConfigPath} and overrides), not starting:");
            foreach (string error in errors)
            {
                Console.Error.WriteLine($"  {error}");
            }

            return ConfigurationErrorExitCode;
        }

        // The loader is kept so a reload (SIGHUP, an edited file) reads and validates exactly as startup did.
        using WebApplication app = CamstreamdHost.Build(settings, loader.BuildConfiguration(), services => services.AddSingleton(loader));
        app.Run();
        return Environment.ExitCode;
    }
}
