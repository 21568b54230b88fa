using Camstreamd.Configuration;
using Microsoft.Extensions.Configuration;

namespace Camstreamd.Fuzz.Targets;

/// <summary>
/// An appsettings.json through the JSON provider and our binder and validator, as startup and reload read it:
/// unreadable JSON is the provider's FormatException/InvalidDataException (reported by SettingsLoader); anything
/// else must come back as settings or as error lines, never as an exception.
/// </summary>
internal static class ConfigurationTarget
{
    public static void Run(byte[] input)
    {
        IConfigurationRoot configuration;
        try
        {
            configuration = new ConfigurationBuilder().AddJsonStream(new MemoryStream(input)).Build();
        }
        catch (Exception exception) when (exception is FormatException or InvalidDataException)
        {
            return;
        }

        var errors = new List<string>();
        CamstreamdSettings? settings = SettingsLoader.Bind(configuration, errors);
        Check.That((settings is null) == (errors.Count > 0), "settings and errors together, or neither");
    }
}
