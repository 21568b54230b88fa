using Camstreamd.Publishing.Rtsp;

namespace Camstreamd.Tests.Publishing;

public sealed class CertificatePinTests
{
    [Theory]
    [InlineData("AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData(" abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789 ")]
    public void TryParse_HexWithOrWithoutColons_IsTheDigest(string text)
    {
        Assert.Equal(Convert.FromHexString("ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789"), CertificatePin.TryParse(text));
    }

    [Theory]
    [InlineData("")]
    [InlineData("AB:CD")]
    [InlineData("abcdef0123456789abcdef0123456789abcdef0123456789abcdef012345678")]
    [InlineData("zbcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    [InlineData("sha256:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789")]
    public void TryParse_AnythingElse_IsNull(string text)
    {
        Assert.Null(CertificatePin.TryParse(text));
    }
}
