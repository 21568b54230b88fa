using Microsoft.Extensions.Configuration;

namespace Camstreamd.Configuration;

/// <summary>An options property that is a list of option objects, bound entry by entry (see <see cref="OptionsList{TItem}"/>).</summary>
public interface IOptionsList
{
    /// <summary>Replaces the entries with those of <paramref name="section"/>, collecting every problem in <paramref name="errors"/>.</summary>
    void BindFrom(IConfigurationSection section, List<string> errors);
}
