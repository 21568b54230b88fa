using Camstreamd.Configuration;
using Camstreamd.Configuration.Reload;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace Camstreamd.Tests.Configuration.Reload;

/// <summary>
/// Reloads an <see cref="IConfigurationRoot"/> (for hosts configured through IConfiguration and IOptions):
/// first re-reads every source into a throw-away root (a JSON syntax error must not reach the live root,
/// which would fall back to defaults) and runs the registered options validators on it, then reloads the
/// live root and hands over to the optional <see cref="IConfigurationApplier"/>.
/// </summary>
internal sealed class ConfigurationRootReloader : IConfigurationReloader
{
    private readonly IConfiguration _configuration;
    private readonly IServiceProvider _services;
    private readonly IConfigurationApplier? _applier;

    public ConfigurationRootReloader(IConfiguration configuration, IServiceProvider services, IConfigurationApplier? applier = null)
    {
        _configuration = configuration;
        _services = services;
        _applier = applier;
    }

    public bool TryReload(out string reason)
    {
        if (!TryValidate(out reason))
        {
            return false;
        }

        if (_configuration is IConfigurationRoot root)
        {
            root.Reload();
        }

        return _applier is null || _applier.TryApply(out reason);
    }

    /// <summary>The configuration files that exist on disk, e.g. /etc/camstreamd/appsettings.json.</summary>
    public IReadOnlyList<string> WatchedFiles()
    {
        List<string> files = new();
        if (_configuration is not IConfigurationRoot root)
        {
            return files;
        }

        foreach (IConfigurationProvider provider in root.Providers)
        {
            if (provider is FileConfigurationProvider { Source: { Path: { } path, FileProvider: PhysicalFileProvider physical } }
                && physical.GetFileInfo(path) is { Exists: true, PhysicalPath: { } file })
            {
                files.Add(file);
            }
        }

        return files;
    }

    /// <summary>True when every source reads and every options section binds and validates; else false with why.</summary>
    public bool TryValidate(out string reason)
    {
        if (_configuration is not IConfigurationBuilder live)
        {
            reason = "";
            return true;
        }

        ConfigurationBuilder builder = new();
        foreach (IConfigurationSource source in live.Sources)
        {
            builder.Add(source);
        }

        IConfigurationRoot candidate;
        try
        {
            candidate = builder.Build();
        }
        catch (Exception ex) when (ex is InvalidDataException or FormatException or IOException)
        {
            // The JSON provider wraps the parser's message ("... LineNumber: 3 | BytePositionInLine: 9") in its own.
            reason = ex.InnerException is null ? ex.Message : $"{ex.Message} {ex.InnerException.Message}";
            return false;
        }

        try
        {
            return Validate<CameraOptions>(candidate, CameraOptions.SectionName, out reason)
                && Validate<HttpOptions>(candidate, HttpOptions.SectionName, out reason)
                && Validate<StreamingOptions>(candidate, StreamingOptions.SectionName, out reason);
        }
        finally
        {
            (candidate as IDisposable)?.Dispose();
        }
    }

    private bool Validate<TOptions>(IConfiguration candidate, string section, out string reason)
        where TOptions : class, new()
    {
        TOptions options = new();
        try
        {
            candidate.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // e.g. "Failed to convert configuration value at 'Camera:Width' to type 'System.Int32'."
            reason = ex.Message;
            return false;
        }

        foreach (IValidateOptions<TOptions> validator in _services.GetServices<IValidateOptions<TOptions>>())
        {
            ValidateOptionsResult result = validator.Validate(Options.DefaultName, options);
            if (result.Failed)
            {
                reason = result.FailureMessage;
                return false;
            }
        }

        reason = "";
        return true;
    }
}
