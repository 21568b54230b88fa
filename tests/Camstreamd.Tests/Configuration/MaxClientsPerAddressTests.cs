using Camstreamd.Configuration;

namespace Camstreamd.Tests.Configuration;

/// <summary><c>Streaming:MaxClientsPerAddress</c>: its default, and a value outside 1 to 10 000 named at start.</summary>
public sealed class MaxClientsPerAddressTests
{
    [Fact]
    public void Default_IsEight()
    {
        Assert.Equal(8, new StreamingOptions().MaxClientsPerAddress);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10_001)]
    public void Validate_OutsideTheRange_NamesTheKeyTheValueAndWhatIsAllowed(int value)
    {
        List<string> errors = new();

        SettingsValidator.Validate(new CamstreamdSettings { Streaming = new StreamingOptions { MaxClientsPerAddress = value } }, errors);

        Assert.Contains($"Streaming:MaxClientsPerAddress is {value}; allowed: 1 to 10000.", errors);
    }
}
