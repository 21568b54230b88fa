using Camstreamd.Authentication;

namespace Camstreamd.Tests.Authentication;

public sealed class PasswordHashTests
{
    [Fact]
    public void Create_WritesTheSelfDescribingString_ThatParsesAndMatchesOnlyItsPassword()
    {
        string text = PasswordHash.Create("correct horse").ToString();

        Assert.Matches(@"^\$pbkdf2-sha256\$i=600000\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$", text);
        Assert.True(PasswordHash.TryParse(text, out PasswordHash? parsed, out string reason), reason);
        Assert.Equal(600_000, parsed!.Iterations);
        Assert.True(parsed.Matches("correct horse"));
        Assert.False(parsed.Matches("correct horse "));
        Assert.Equal(text, parsed.ToString());
    }

    [Fact]
    public void Create_TwiceForOnePassword_UsesAFreshSaltEachTime()
    {
        Assert.NotEqual(PasswordHash.Create("same").ToString(), PasswordHash.Create("same").ToString());
    }

    [Theory]
    [InlineData("hunter2", "does not start with $pbkdf2-sha256$")]
    [InlineData("$pbkdf2-sha256$600000$c2FsdHNhbHQ$aGFzaA", "three fields")]
    [InlineData("$pbkdf2-sha256$i=1000$c2FsdHNhbHRzYWx0$3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "iteration count is not a whole number from 600000")]
    [InlineData("$pbkdf2-sha256$i=600000$!!$3q2+7wAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "salt is not base64")]
    [InlineData("$pbkdf2-sha256$i=600000$c2FsdHNhbHRzYWx0$aGFzaA", "hash is not base64 of 32 bytes")]
    public void TryParse_NotAHashString_SaysWhyWithoutRepeatingIt(string text, string reason)
    {
        Assert.False(PasswordHash.TryParse(text, out PasswordHash? parsed, out string why));
        Assert.Null(parsed);
        Assert.Contains(reason, why, StringComparison.Ordinal);
        Assert.DoesNotContain(text, why, StringComparison.Ordinal);
    }
}
