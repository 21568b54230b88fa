using System.Net;
using Camstreamd.Authentication;
using Microsoft.Extensions.Time.Testing;

namespace Camstreamd.Tests.Authentication;

public sealed class FailedAttemptsTests
{
    private static readonly IPAddress Client = IPAddress.Parse("192.0.2.7");

    [Fact]
    public void Record_TenFailuresInAMinute_LockTheAddressOutForAMinute_AndLogOnlyTheFirst()
    {
        FakeTimeProvider time = new();
        FailedAttempts failures = new(time);

        FailureRecord[] records = [.. Enumerable.Range(0, 10).Select(_ => { time.Advance(TimeSpan.FromSeconds(5)); return failures.Record(Client); })];

        Assert.Equal([true, false, false, false, false, false, false, false, false, false], records.Select(r => r.ShouldLog));
        Assert.Equal([false, false, false, false, false, false, false, false, false, true], records.Select(r => r.LockedOutNow));
        Assert.True(failures.IsLockedOut(Client, out TimeSpan retryAfter));
        Assert.Equal(TimeSpan.FromMinutes(1), retryAfter);
        Assert.False(failures.IsLockedOut(IPAddress.Parse("192.0.2.8"), out _), "another address is not locked out");

        time.Advance(TimeSpan.FromSeconds(59));
        Assert.True(failures.IsLockedOut(Client, out retryAfter));
        Assert.Equal(TimeSpan.FromSeconds(1), retryAfter);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(failures.IsLockedOut(Client, out _), "the lockout ends after a minute");
        Assert.True(failures.Record(Client).ShouldLog, "a failure after the lockout starts a new minute, logged again");
    }

    [Fact]
    public void Record_NineFailuresSpreadOverMoreThanAMinute_NeverLockOut()
    {
        FakeTimeProvider time = new();
        FailedAttempts failures = new(time);
        for (int i = 0; i < 30; i++)
        {
            Assert.False(failures.Record(Client).LockedOutNow);
            time.Advance(TimeSpan.FromSeconds(7));
        }

        Assert.False(failures.IsLockedOut(Client, out _));
    }

    [Fact]
    public void Record_AnIPv4MappedAddress_CountsAsItsIPv4Address()
    {
        FailedAttempts failures = new(new FakeTimeProvider());
        for (int i = 0; i < FailedAttempts.Limit; i++)
        {
            failures.Record(i % 2 == 0 ? Client : Client.MapToIPv6());
        }

        Assert.True(failures.IsLockedOut(Client, out _));
        Assert.True(failures.IsLockedOut(Client.MapToIPv6(), out _));
    }
}
