namespace Camstreamd.Gpio;

/// <summary>One output as /state and /metrics show it.</summary>
internal sealed record GpioOutputState(string Name, int Line, bool On, bool Failing, long Failures);
