using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Camstreamd.Security;
using Microsoft.Extensions.Configuration;

namespace Camstreamd.Configuration;

/// <summary>
/// A list of option objects in a section (<c>Publish:Targets:0:Url</c>, <c>Publish:Targets:1:Url</c>...).
/// A type of its own so that <see cref="OptionsBinder"/> can bind it without reflection over generic
/// types: the item type's properties are kept for a trimmed or Native AOT build by the annotation here.
/// </summary>
public sealed class OptionsList<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicProperties)] TItem> : List<TItem>, IOptionsList
    where TItem : class, new()
{
    void IOptionsList.BindFrom(IConfigurationSection section, List<string> errors)
    {
        Clear();
        if (!string.IsNullOrEmpty(section.Value))
        {
            // An empty JSON array reads as an empty value; anything else given as one value is a mistake.
            errors.Add($"{section.Path} is '{Redact.UrlsIn(section.Value)}'; allowed: a list of objects ({section.Path}:0:..., {section.Path}:1:...).");
            return;
        }

        List<(int Index, IConfigurationSection Item)> indexed = new();
        foreach (IConfigurationSection child in section.GetChildren())
        {
            if (int.TryParse(child.Key, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                indexed.Add((index, child));
            }
            else
            {
                errors.Add($"{child.Path} is not a list entry; {section.Path} is a list, its entries are {section.Path}:0, {section.Path}:1 and so on.");
            }
        }

        foreach ((_, IConfigurationSection item) in indexed.OrderBy(entry => entry.Index))
        {
            if (item.Value is not null)
            {
                errors.Add($"{item.Path} is '{Redact.UrlsIn(item.Value)}'; allowed: an object with keys, not a single value.");
                continue;
            }

            TItem options = new();
            OptionsBinder.Bind(item, options, errors);
            Add(options);
        }
    }
}
