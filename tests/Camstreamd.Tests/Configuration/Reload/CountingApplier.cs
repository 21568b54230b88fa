namespace Camstreamd.Tests.Configuration.Reload;

/// <summary>Stands for the core's apply step: counts calls and refuses when told to.</summary>
internal sealed class CountingApplier : IConfigurationApplier
{
    public int Calls { get; private set; }

    public string? Refusal { get; set; }

    public bool TryApply(out string reason)
    {
        Calls++;
        reason = Refusal ?? "";
        return Refusal is null;
    }
}
