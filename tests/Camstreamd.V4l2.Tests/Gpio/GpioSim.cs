using System.Globalization;

namespace Camstreamd.V4l2.Tests.Gpio;

/// <summary>
/// The gpio-sim chip `vivid-vm --gpio` creates (lines sim0..sim7): the level the daemon drives on an output is read
/// from sysfs, and an input is driven by setting its pull.
/// </summary>
internal static class GpioSim
{
    /// <summary>Trait value of tests that need `vivid-vm --gpio` (make test-gpio); host and plain vivid runs filter them out.</summary>
    public const string Requires = "gpio";

    public static string Chip => Environment.GetEnvironmentVariable("VIVID_VM_GPIOCHIP") ?? throw new InvalidOperationException("VIVID_VM_GPIOCHIP is not set: run under vivid-vm --gpio (make test-gpio)");

    private static string Sysfs => Environment.GetEnvironmentVariable("VIVID_VM_GPIO_SYSFS") ?? throw new InvalidOperationException("VIVID_VM_GPIO_SYSFS is not set: run under vivid-vm --gpio (make test-gpio)");

    /// <summary>The level on line <paramref name="line"/>: 0 or 1.</summary>
    public static int Value(int line) => int.Parse(File.ReadAllText(Path.Combine(Sysfs, $"sim_gpio{line}", "value")).Trim(), CultureInfo.InvariantCulture);

    /// <summary>Drives input line <paramref name="line"/> high (pull-up) or low (pull-down), as a switch would.</summary>
    public static void Pull(int line, bool high) => File.WriteAllText(Path.Combine(Sysfs, $"sim_gpio{line}", "pull"), high ? "pull-up" : "pull-down");
}
