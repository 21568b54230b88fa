using System.Text;

namespace Camstreamd.Tests.Authentication;

/// <summary>What <see cref="Curl"/> received.</summary>
internal sealed record CurlResponse(int Status, string Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The value of the first header named <paramref name="name"/>, or null.</summary>
    public string? Header(string name) =>
        Headers.Split("\r\n").FirstOrDefault(line => line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase)) is { } line
            ? line[(name.Length + 1)..].Trim()
            : null;
}
