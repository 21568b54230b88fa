namespace Camstreamd.Authentication;

/// <summary>What <see cref="FailedAttempts.Record"/> decided about one failure.</summary>
/// <param name="ShouldLog">The first failure of the address's minute: the one that is logged.</param>
/// <param name="Failures">Failures within the current minute, this one included.</param>
/// <param name="LockedOutNow">This failure was the <see cref="FailedAttempts.Limit"/>th: the address is locked out from now.</param>
/// <param name="LockedUntil">When the lockout ends (in the past when there is none).</param>
internal readonly record struct FailureRecord(bool ShouldLog, int Failures, bool LockedOutNow, DateTimeOffset LockedUntil);
