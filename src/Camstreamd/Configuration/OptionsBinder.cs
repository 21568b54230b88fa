using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Reflection;
using Camstreamd.Security;
using Microsoft.Extensions.Configuration;

namespace Camstreamd.Configuration;

/// <summary>
/// Binds one configuration section onto an options object, collecting readable errors instead of
/// throwing at the first: a misspelt key, or a value of the wrong type, names the key, the value and
/// what is allowed. Durations are seconds (<c>10</c>, <c>0.5</c>) or <c>hh:mm:ss</c>; the stock binder
/// would read a bare <c>10</c> as ten days.
/// </summary>
internal static class OptionsBinder
{
    public static void Bind<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TOptions>(IConfigurationSection section, TOptions target, List<string> errors)
        where TOptions : class
    {
        // typeof(TOptions), annotated, keeps the properties in a trimmed build (the self-contained .deb).
        PropertyInfo[] properties = typeof(TOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance);
        foreach (IConfigurationSection child in section.GetChildren())
        {
            PropertyInfo? property = Array.Find(properties, p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null || !property.CanWrite)
            {
                errors.Add($"{child.Path} is not a known key; the {section.Path} keys are: {string.Join(", ", properties.Where(p => p.CanWrite).Select(p => p.Name))}.");
                continue;
            }

            if (property.GetValue(target) is IOptionsList list)
            {
                list.BindFrom(child, errors);
                continue;
            }

            if (property.PropertyType == typeof(Dictionary<string, int>))
            {
                property.SetValue(target, BindIntegerMap(child, errors));
                continue;
            }

            if (child.Value is null)
            {
                errors.Add($"{child.Path} must be a single value, not a section.");
                continue;
            }

            if (TryConvert(child.Value, property.PropertyType, out object? value, out string allowed))
            {
                property.SetValue(target, value);
            }
            else
            {
                errors.Add($"{child.Path} is '{Redact.UrlsIn(child.Value)}'; allowed: {allowed}.");
            }
        }
    }

    private static Dictionary<string, int> BindIntegerMap(IConfigurationSection section, List<string> errors)
    {
        Dictionary<string, int> map = new(StringComparer.OrdinalIgnoreCase);
        foreach (IConfigurationSection entry in section.GetChildren())
        {
            if (entry.Value is not null && int.TryParse(entry.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number))
            {
                map[entry.Key] = number;
            }
            else if (entry.Value is not null && bool.TryParse(entry.Value, out bool flag))
            {
                // Boolean controls (e.g. "horizontal_flip": true) are 0/1 to V4L2.
                map[entry.Key] = flag ? 1 : 0;
            }
            else
            {
                errors.Add($"{entry.Path} is '{Redact.UrlsIn(entry.Value ?? "")}'; allowed: a whole number (or true/false).");
            }
        }

        return map;
    }

    private static bool TryConvert(string text, Type type, out object? value, out string allowed)
    {
        text = text.Trim();
        value = null;
        if (Nullable.GetUnderlyingType(type) is Type underlying)
        {
            // An optional value: given, it must be a valid one; absent, the property stays null.
            return TryConvert(text, underlying, out value, out allowed);
        }

        if (type == typeof(string))
        {
            allowed = "text";
            value = text;
            return true;
        }

        if (type == typeof(int))
        {
            allowed = "a whole number";
            bool ok = int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number);
            value = number;
            return ok;
        }

        if (type == typeof(double))
        {
            allowed = "a number";
            bool ok = double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number);
            value = number;
            return ok;
        }

        if (type == typeof(bool))
        {
            allowed = "true or false";
            bool ok = bool.TryParse(text, out bool flag);
            value = flag;
            return ok;
        }

        if (type == typeof(TimeSpan))
        {
            allowed = "a duration in seconds (e.g. 10 or 0.5) or hh:mm:ss";
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && double.IsFinite(seconds) && Math.Abs(seconds) < TimeSpan.MaxValue.TotalSeconds)
            {
                value = TimeSpan.FromSeconds(seconds);
                return true;
            }

            if (text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out TimeSpan span))
            {
                value = span;
                return true;
            }

            return false;
        }

        throw new NotSupportedException($"Options of type {type} are not bindable; add them to {nameof(OptionsBinder)}.");
    }
}
