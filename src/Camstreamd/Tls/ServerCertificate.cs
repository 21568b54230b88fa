using System.Security.Cryptography.X509Certificates;
using Camstreamd.Configuration;
using Microsoft.Extensions.Logging;

namespace Camstreamd.Tls;

/// <summary>
/// The certificate Kestrel presents, read from the files again on every reload: Kestrel asks for it on each TLS handshake
/// (<c>ServerCertificateSelector</c>), so a renewed pair is served to the next connection while viewers already watching
/// keep theirs. A pair that no longer loads keeps the one in use (the reload was already refused by validation; this only
/// meets a file that changed in between).
/// </summary>
internal sealed class ServerCertificate : IDisposable
{
    private readonly SettingsStore _settings;
    private readonly TimeProvider _time;
    private readonly ILogger<ServerCertificate> _logger;
    private X509Certificate2? _current;

    public ServerCertificate(SettingsStore settings, TimeProvider time, ILogger<ServerCertificate> logger)
    {
        _settings = settings;
        _time = time;
        _logger = logger;
        HttpOptions http = settings.Current.Http;
        if (http.UsesTls)
        {
            _current = CertificateFiles.TryLoad(http, time.GetUtcNow(), out string error) ?? throw new InvalidOperationException(error);
            Log.CertificateLoaded(_logger, CertificateFiles.Resolve(http.Certificate), _current.Subject, _current.NotAfter.ToUniversalTime(), CertificateFiles.Fingerprint(_current));
        }

        settings.Changed += OnSettingsChanged;
    }

    /// <summary>The certificate for the next handshake; null when HTTPS is off.</summary>
    public X509Certificate2? Current => Volatile.Read(ref _current);

    public void Dispose()
    {
        _settings.Changed -= OnSettingsChanged;
        // Not disposed: a handshake may still be using the certificate, and it is the process's one key.
    }

    private void OnSettingsChanged(CamstreamdSettings previous, CamstreamdSettings next)
    {
        // Http is kept across a reload, so these are the paths the listener started with.
        HttpOptions http = next.Http;
        if (!http.UsesTls)
        {
            return;
        }

        string path = CertificateFiles.Resolve(http.Certificate);
        X509Certificate2? renewed = CertificateFiles.TryLoad(http, _time.GetUtcNow(), out string error);
        if (renewed is null)
        {
            Log.CertificateReloadFailed(_logger, error);
            return;
        }

        X509Certificate2? old = Interlocked.Exchange(ref _current, renewed);
        if (old is not null && old.Thumbprint == renewed.Thumbprint)
        {
            return;
        }

        Log.CertificateReloaded(_logger, path, renewed.Subject, renewed.NotAfter.ToUniversalTime(), CertificateFiles.Fingerprint(renewed));
    }
}
