using System.Net;
using System.Text;
using Camstreamd.Authentication;
using Camstreamd.Configuration;
using Camstreamd.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace Camstreamd.Tests.Authentication;

/// <summary>The decisions behind every endpoint, with a fake clock for the minute of lockout and the cache's lifetime.</summary>
public sealed class AuthenticatorTests : IDisposable
{
    private const string Password = "open sesame";
    private const string Token = "tok-0123456789abcdef0123456789";
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.7");
    private static readonly string StoredHash = PasswordHash.Create(Password).ToString();

    private readonly FakeTimeProvider _time = new();
    private readonly RecordingLogger<Authenticator> _log = new();
    private readonly SettingsStore _settings = new(Settings(StoredHash));
    private readonly Authenticator _authenticator;

    public AuthenticatorTests()
    {
        _authenticator = new Authenticator(_settings, _time, _log);
    }

    public void Dispose() => _authenticator.Dispose();

    [Fact]
    public async Task RightPassword_IsAllowed_ThenRememberedWithoutHashingAgainUntilItsLifetimeEnds()
    {
        AuthDecision first = await Basic("alice", Password);
        ValueTask<AuthDecision> second = _authenticator.AuthenticateAsync(Header("alice", Password), null, false, Client, CancellationToken.None);

        Assert.Equal(AuthDecision.Allowed("alice"), first);
        Assert.True(second.IsCompletedSuccessfully, "a remembered verification answers at once, without a PBKDF2 run on the pool");
        Assert.Equal(AuthDecision.Allowed("alice"), await second);

        _time.Advance(VerifiedCredentials.Lifetime);
        ValueTask<AuthDecision> later = _authenticator.AuthenticateAsync(Header("alice", Password), null, false, Client, CancellationToken.None);
        Assert.False(later.IsCompletedSuccessfully, "after its lifetime the password is hashed again");
        Assert.Equal(AuthDecision.Allowed("alice"), await later);
    }

    [Fact]
    public async Task ChangedHashOnReload_RefusesTheOldPasswordAtOnce_EvenWhenItWasRemembered()
    {
        Assert.Equal(AuthOutcome.Allowed, (await Basic("alice", Password)).Outcome);

        _settings.Replace(Settings(PasswordHash.Create("new password").ToString()));

        Assert.Equal(AuthOutcome.Challenge, (await Basic("alice", Password)).Outcome);
        Assert.Equal(AuthOutcome.Allowed, (await Basic("alice", "new password")).Outcome);
    }

    [Fact]
    public async Task WrongPasswordOrUnknownUser_IsChallenged_AndLoggedOnceAMinuteWithAddressAndUser_NeverThePassword()
    {
        Assert.Equal(AuthDecision.Challenge, await Basic("alice", "guess-1"));
        Assert.Equal(AuthDecision.Challenge, await Basic("mallory", "guess-2"));

        RecordedLogEntry failure = Assert.Single(_log.Entries, e => e.EventId.Id == 5000);
        Assert.Contains("192.0.2.7", failure.Message, StringComparison.Ordinal);
        Assert.Contains("user 'alice'", failure.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains("guess", StringComparison.Ordinal));

        _time.Advance(FailedAttempts.Window);
        Assert.Equal(AuthDecision.Challenge, await Basic("mallory", "guess-3"));
        Assert.Contains(_log.Entries, e => e.EventId.Id == 5000 && e.Message.Contains("user 'mallory'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TenFailuresInAMinute_LockTheAddressOut_EvenForTheRightPassword_UntilTheMinuteIsOver()
    {
        for (int i = 0; i < 9; i++)
        {
            Assert.Equal(AuthOutcome.Challenge, (await Basic("alice", $"wrong {i}")).Outcome);
        }

        AuthDecision tenth = await Basic("alice", "wrong 9");
        AuthDecision rightButLocked = await Basic("alice", Password);
        AuthDecision tokenButLocked = await _authenticator.AuthenticateAsync(null, Token, true, Client, CancellationToken.None);
        AuthDecision elsewhere = await _authenticator.AuthenticateAsync(Header("alice", Password), null, false, IPAddress.Parse("192.0.2.99"), CancellationToken.None);

        Assert.Equal(new AuthDecision(AuthOutcome.LockedOut, null, FailedAttempts.Lockout), tenth);
        Assert.Equal(AuthOutcome.LockedOut, rightButLocked.Outcome);
        Assert.Equal(AuthOutcome.LockedOut, tokenButLocked.Outcome);
        Assert.Equal(AuthOutcome.Allowed, elsewhere.Outcome);
        Assert.Single(_log.Entries, e => e.EventId.Id == 5001 && e.Message.Contains("192.0.2.7", StringComparison.Ordinal));

        _time.Advance(FailedAttempts.Lockout);
        Assert.Equal(AuthOutcome.Allowed, (await Basic("alice", Password)).Outcome);
    }

    [Fact]
    public async Task NoCredentials_IsChallenged_ButNotCountedAsAFailure()
    {
        for (int i = 0; i < 20; i++)
        {
            Assert.Equal(AuthDecision.Challenge, await _authenticator.AuthenticateAsync(null, null, true, Client, CancellationToken.None));
        }

        Assert.DoesNotContain(_log.Entries, e => e.EventId.Id is 5000 or 5001);
    }

    [Fact]
    public async Task Token_IsAcceptedOnlyWhereTokensAre_AndKnownByItsName()
    {
        AuthDecision onStream = await _authenticator.AuthenticateAsync(null, Token, tokenAccepted: true, Client, CancellationToken.None);
        AuthDecision onState = await _authenticator.AuthenticateAsync(null, Token, tokenAccepted: false, Client, CancellationToken.None);
        AuthDecision wrong = await _authenticator.AuthenticateAsync(null, Token[..^1] + "X", tokenAccepted: true, Client, CancellationToken.None);

        Assert.Equal(AuthDecision.Allowed("token octoprint"), onStream);
        Assert.Equal(AuthDecision.Challenge, onState);
        Assert.Equal(AuthDecision.Challenge, wrong);
        Assert.Contains(_log.Entries, e => e.EventId.Id == 5000 && e.Message.Contains("a token", StringComparison.Ordinal));
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains(Token[..10], StringComparison.Ordinal));
    }

    [Fact]
    public async Task NoUsers_AllowsEveryone()
    {
        _settings.Replace(new CamstreamdSettings());

        Assert.Equal(AuthDecision.Open, await _authenticator.AuthenticateAsync(null, null, false, Client, CancellationToken.None));
        Assert.False(_authenticator.IsEnabled);
    }

    private ValueTask<AuthDecision> Basic(string user, string password) =>
        _authenticator.AuthenticateAsync(Header(user, password), null, false, Client, CancellationToken.None);

    private static string Header(string user, string password) =>
        "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static CamstreamdSettings Settings(string hash) => new()
    {
        Auth = new AuthOptions
        {
            Users = [new AuthUserOptions { Name = "alice", PasswordHash = hash }],
            Tokens = [new AuthTokenOptions { Name = "octoprint", Token = Token }],
        },
    };
}
