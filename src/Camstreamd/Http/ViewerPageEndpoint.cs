using Microsoft.AspNetCore.Http;

namespace Camstreamd.Http;

/// <summary><c>GET /</c>: the viewer page, embedded in the binary so an install is one file tree.</summary>
internal sealed class ViewerPageEndpoint
{
    private readonly byte[] _page;

    public ViewerPageEndpoint()
    {
        using Stream stream = typeof(ViewerPageEndpoint).Assembly.GetManifestResourceStream("index.html")
            ?? throw new InvalidOperationException("The viewer page is missing from the build (EmbeddedResource index.html).");
        using MemoryStream copy = new();
        stream.CopyTo(copy);
        _page = copy.ToArray();
    }

    public Task HandleAsync(HttpContext context)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.ContentLength = _page.Length;
        context.Response.Headers.CacheControl = "no-cache";
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : context.Response.Body.WriteAsync(_page, context.RequestAborted).AsTask();
    }
}
