namespace Camstreamd.Streaming;

/// <summary>Which of the broadcaster's feeds a viewer receives: the source's JPEGs, or the GIF encoder's frames.</summary>
internal enum FrameFeed
{
    /// <summary>The captured JPEGs, each wrapped as a multipart part.</summary>
    Jpeg,

    /// <summary>GIF frame blocks (graphic control extension, image descriptor, local colour table, LZW data).</summary>
    Gif,
}
