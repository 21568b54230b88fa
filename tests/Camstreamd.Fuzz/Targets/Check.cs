namespace Camstreamd.Fuzz.Targets;

/// <summary>An invariant a target checks; a broken one is a crash for afl-fuzz.</summary>
internal static class Check
{
    public static void That(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException($"Invariant broken: {what}.");
        }
    }
}
