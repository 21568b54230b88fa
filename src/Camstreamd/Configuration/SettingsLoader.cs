using Microsoft.Extensions.Configuration;

namespace Camstreamd.Configuration;

/// <summary>
/// Reads the configuration, later wins: built-in defaults, /etc/camstreamd/appsettings.json when it
/// exists (or the file named by <c>--config PATH</c>, which must exist), <c>CAMSTREAMD_</c> environment
/// variables, then <c>--Section:Key=value</c> arguments. Then binds and validates all of it.
/// </summary>
internal sealed class SettingsLoader
{
    public const string DefaultConfigPath = "/etc/camstreamd/appsettings.json";
    public const string EnvironmentPrefix = "CAMSTREAMD_";

    private readonly string[] _arguments;

    public SettingsLoader(string[] arguments)
    {
        ConfigPath = DefaultConfigPath;
        List<string> rest = new();
        for (int i = 0; i < arguments.Length; i++)
        {
            string argument = arguments[i];
            if (argument is "--config" or "-c")
            {
                ConfigPath = i + 1 < arguments.Length ? arguments[++i] : throw new ArgumentException("--config needs a file path.");
                ConfigPathGiven = true;
            }
            else if (argument.StartsWith("--config=", StringComparison.Ordinal))
            {
                ConfigPath = argument["--config=".Length..];
                ConfigPathGiven = true;
            }
            else
            {
                rest.Add(argument);
            }
        }

        _arguments = [.. rest];
    }

    /// <summary>The configuration file in use (it may not exist when it is the default path).</summary>
    public string ConfigPath { get; }

    public bool ConfigPathGiven { get; }

    /// <summary>The arguments without <c>--config</c>, for the host.</summary>
    public IReadOnlyList<string> RemainingArguments => _arguments;

    /// <summary>Builds the layered configuration. Throws <see cref="InvalidDataException"/> for an unreadable file.</summary>
    public IConfigurationRoot BuildConfiguration()
    {
        ConfigurationBuilder builder = new();
        if (ConfigPathGiven && !File.Exists(ConfigPath))
        {
            throw new InvalidDataException($"--config '{ConfigPath}' does not exist.");
        }

        if (File.Exists(ConfigPath))
        {
            builder.AddJsonFile(Path.GetFullPath(ConfigPath), optional: false, reloadOnChange: false);
        }

        builder.AddEnvironmentVariables(EnvironmentPrefix);
        builder.AddCommandLine(_arguments);
        return builder.Build();
    }

    /// <summary>
    /// Reads and validates everything. Returns the settings, or null with every problem in
    /// <paramref name="errors"/> (one line each).
    /// </summary>
    public CamstreamdSettings? Load(List<string> errors)
    {
        IConfigurationRoot configuration;
        try
        {
            configuration = BuildConfiguration();
        }
        catch (Exception exception) when (exception is InvalidDataException or FormatException or IOException or UnauthorizedAccessException)
        {
            errors.Add($"cannot read the configuration file {ConfigPath}: {Innermost(exception).Message}");
            return null;
        }

        return Bind(configuration, errors);
    }

    /// <summary>Binds and validates an already built configuration.</summary>
    public static CamstreamdSettings? Bind(IConfiguration configuration, List<string> errors)
    {
        CamstreamdSettings settings = new();
        OptionsBinder.Bind(configuration.GetSection(CameraOptions.SectionName), settings.Camera, errors);
        OptionsBinder.Bind(configuration.GetSection(StreamingOptions.SectionName), settings.Streaming, errors);
        OptionsBinder.Bind(configuration.GetSection(HttpOptions.SectionName), settings.Http, errors);
        OptionsBinder.Bind(configuration.GetSection(TcpOptions.SectionName), settings.Tcp, errors);
        OptionsBinder.Bind(configuration.GetSection(PublishOptions.SectionName), settings.Publish, errors);
        OptionsBinder.Bind(configuration.GetSection(Gif.GifOptions.SectionName), settings.Gif, errors);
        OptionsBinder.Bind(configuration.GetSection(Authentication.AuthOptions.SectionName), settings.Auth, errors);
        Gpio.GpioOptionsBinder.Bind(configuration.GetSection(Gpio.GpioOptions.SectionName), settings.Gpio, errors);
        if (errors.Count == 0)
        {
            SettingsValidator.Validate(settings, errors);
        }

        return errors.Count == 0 ? settings : null;
    }

    private static Exception Innermost(Exception exception)
    {
        while (exception.InnerException is not null)
        {
            exception = exception.InnerException;
        }

        return exception;
    }
}
