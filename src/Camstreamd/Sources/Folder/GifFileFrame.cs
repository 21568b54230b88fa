namespace Camstreamd.Sources.Folder;

/// <summary>One image of a GIF file, ready to play: its composed picture as a JPEG, and the GIF frame itself when it can go out as it is.</summary>
/// <param name="Jpeg">The whole picture (with earlier frames composed in, as a browser shows it), JPEG-encoded.</param>
/// <param name="Width">Picture width.</param>
/// <param name="Height">Picture height.</param>
/// <param name="DelayCentiseconds">How long the file shows it.</param>
/// <param name="Original">
/// The image as a self-contained GIF stream frame (colour table made local), or null when it is a
/// partial or transparent update that is only right on top of the frame before it.
/// </param>
internal sealed record GifFileFrame(byte[] Jpeg, int Width, int Height, int DelayCentiseconds, byte[]? Original);
