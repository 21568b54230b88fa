using System.Security.Cryptography.X509Certificates;
using Camstreamd.Configuration;

namespace Camstreamd.Tls;

/// <summary>The <c>Http:Certificate</c> pair's rule: both or neither, and when both, a pair that loads and has not expired.</summary>
internal static class CertificateValidator
{
    public static void Validate(HttpOptions http, List<string> errors)
    {
        if (!http.UsesTls)
        {
            return;
        }

        using X509Certificate2? certificate = CertificateFiles.TryLoad(http, DateTimeOffset.UtcNow, out string error);
        if (certificate is null)
        {
            errors.Add(error);
        }
    }
}
