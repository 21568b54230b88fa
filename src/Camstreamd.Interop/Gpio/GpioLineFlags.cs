namespace Camstreamd.Interop.Gpio;

/// <summary><c>enum gpio_v2_line_flag</c> from <c>include/uapi/linux/gpio.h</c>.</summary>
[Flags]
internal enum GpioLineFlags : ulong
{
    None = 0,

    /// <summary>GPIO_V2_LINE_FLAG_USED: requested by someone (or reserved by the kernel).</summary>
    Used = 1UL << 0,

    /// <summary>GPIO_V2_LINE_FLAG_ACTIVE_LOW.</summary>
    ActiveLow = 1UL << 1,

    /// <summary>GPIO_V2_LINE_FLAG_INPUT.</summary>
    Input = 1UL << 2,

    /// <summary>GPIO_V2_LINE_FLAG_OUTPUT.</summary>
    Output = 1UL << 3,

    /// <summary>GPIO_V2_LINE_FLAG_BIAS_PULL_UP.</summary>
    BiasPullUp = 1UL << 8,

    /// <summary>GPIO_V2_LINE_FLAG_BIAS_PULL_DOWN.</summary>
    BiasPullDown = 1UL << 9,

    /// <summary>GPIO_V2_LINE_FLAG_BIAS_DISABLED.</summary>
    BiasDisabled = 1UL << 10,
}
