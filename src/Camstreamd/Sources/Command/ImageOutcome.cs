namespace Camstreamd.Sources.Command;

/// <summary>What one bounded wait for the command's next image gave.</summary>
internal enum ImageOutcome
{
    /// <summary>Nothing whole arrived in the time given.</summary>
    Nothing,

    /// <summary>A whole image is in the read buffer.</summary>
    Image,

    /// <summary>An image was dropped; the reason says why.</summary>
    Broken,
}
