using Camstreamd.Publishing.Rtsp;

namespace Camstreamd.Tests.Publishing;

public sealed class RtspAuthorizationTests
{
    [Fact]
    public void HeaderFor_Rfc2617Example_GivesItsResponse()
    {
        // RFC 2617 §3.5's worked example (qop=auth, nc=00000001), answer 6629fae49393a05397450978507c4ef1.
        RtspAuthorization? authorization = RtspAuthorization.For(
            ["Digest realm=\"testrealm@host.com\", qop=\"auth,auth-int\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c093\", opaque=\"5ccc069c403ebaf9f0171e9517f40e41\""],
            "Mufasa:Circle%20Of%20Life");

        string header = authorization!.HeaderFor("GET", "/dir/index.html", "0a4f113b");

        Assert.Contains("response=\"6629fae49393a05397450978507c4ef1\"", header, StringComparison.Ordinal);
        Assert.Contains("username=\"Mufasa\"", header, StringComparison.Ordinal);
        Assert.Contains("nc=00000001", header, StringComparison.Ordinal);
        Assert.Contains("opaque=\"5ccc069c403ebaf9f0171e9517f40e41\"", header, StringComparison.Ordinal);
    }

    [Fact]
    public void For_BasicOnly_GivesBasic_AndNoKnownScheme_GivesNull()
    {
        Assert.Equal("Basic " + Convert.ToBase64String("user:pa:ss"u8), RtspAuthorization.For(["Basic realm=\"cam\""], "user:pa%3Ass")!.HeaderFor("ANNOUNCE", "rtsp://cam/x"));
        Assert.Null(RtspAuthorization.For(["Negotiate abc"], "user:pass"));
        Assert.Null(RtspAuthorization.For([], "user:pass"));
    }
}
