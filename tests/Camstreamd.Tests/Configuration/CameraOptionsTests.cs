using System.Reflection;
using Camstreamd.Configuration;

namespace Camstreamd.Tests.Configuration;

public sealed class CameraOptionsTests
{
    [Fact]
    public void SameAs_IsTrueForEqualValues()
    {
        CameraOptions a = new() { Controls = new() { ["brightness"] = 10 } };
        CameraOptions b = new() { Controls = new() { ["brightness"] = 10 } };

        Assert.True(a.SameAs(b));
    }

    /// <summary>Every key counts: a reload that changes any of them must restart capture.</summary>
    [Fact]
    public void SameAs_SeesAChangeOfEveryProperty()
    {
        foreach (PropertyInfo property in typeof(CameraOptions).GetProperties().Where(p => p.CanWrite))
        {
            CameraOptions changed = new();
            object? value = property.GetValue(changed);
            property.SetValue(changed, value switch
            {
                string text => text + "x",
                int number => number + 1,
                double number => number + 1,
                bool flag => !flag,
                TimeSpan span => span + TimeSpan.FromSeconds(1),
                Dictionary<string, int> => new Dictionary<string, int> { ["brightness"] = 1 },
                _ => throw new InvalidOperationException($"add {property.PropertyType} to this test"),
            });

            Assert.False(new CameraOptions().SameAs(changed), property.Name);
        }
    }
}
