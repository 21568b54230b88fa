using Camstreamd.Configuration;
using Microsoft.Extensions.Configuration;

namespace Camstreamd.Gpio;

/// <summary>
/// Binds the nested <c>Gpio</c> section (<c>Outputs:Watched</c>, <c>Inputs:Privacy</c>...) key by key, so a misspelt
/// output or input names itself like any other unknown key; each leaf object goes through <see cref="OptionsBinder"/>.
/// </summary>
internal static class GpioOptionsBinder
{
    public static void Bind(IConfigurationSection section, GpioOptions target, List<string> errors)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            switch (child.Key.ToLowerInvariant())
            {
                case "chip":
                    target.Chip = Value(child, errors) ?? target.Chip;
                    break;
                case "driver":
                    target.Driver = Value(child, errors) ?? target.Driver;
                    break;
                case "outputs":
                    BindOutputs(child, target.Outputs, errors);
                    break;
                case "inputs":
                    BindInputs(child, target.Inputs, errors);
                    break;
                default:
                    errors.Add($"{child.Path} is not a known key; the {section.Path} keys are: Chip, Driver, Outputs, Inputs.");
                    break;
            }
        }
    }

    private static void BindOutputs(IConfigurationSection section, GpioOutputsOptions outputs, List<string> errors)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            GpioOutputOptions? output = child.Key.ToLowerInvariant() switch
            {
                "watched" => outputs.Watched,
                "streaming" => outputs.Streaming,
                "ready" => outputs.Ready,
                "publishing" => outputs.Publishing,
                _ => null,
            };
            if (output is null)
            {
                errors.Add($"{child.Path} is not a known key; the {section.Path} keys are: Watched, Streaming, Ready, Publishing.");
            }
            else if (child.Value is not null)
            {
                errors.Add($"{child.Path} is '{child.Value}'; allowed: an object such as {{ \"Line\": 17, \"ActiveLow\": false }}.");
            }
            else
            {
                OptionsBinder.Bind(child, output, errors);
            }
        }
    }

    private static void BindInputs(IConfigurationSection section, GpioInputsOptions inputs, List<string> errors)
    {
        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (!string.Equals(child.Key, "Privacy", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{child.Path} is not a known key; the {section.Path} keys are: Privacy.");
            }
            else if (child.Value is not null)
            {
                errors.Add($"{child.Path} is '{child.Value}'; allowed: an object such as {{ \"Line\": 27, \"ActiveLow\": true, \"Bias\": \"pull-up\", \"Mode\": \"switch\" }}.");
            }
            else
            {
                OptionsBinder.Bind(child, inputs.Privacy, errors);
            }
        }
    }

    private static string? Value(IConfigurationSection child, List<string> errors)
    {
        if (child.Value is null)
        {
            errors.Add($"{child.Path} must be a single value, not a section.");
        }

        return child.Value?.Trim();
    }
}
