using Microsoft.AspNetCore.Http;

namespace Camstreamd.Http;

/// <summary>Headers that keep browsers and proxies from caching a live picture.</summary>
internal static class NoCache
{
    public static void Apply(HttpResponse response)
    {
        response.Headers.CacheControl = "no-store, no-cache, must-revalidate, proxy-revalidate, max-age=0";
        response.Headers.Pragma = "no-cache";
        response.Headers.Expires = "Thu, 01 Jan 1970 00:00:00 GMT";
    }
}
