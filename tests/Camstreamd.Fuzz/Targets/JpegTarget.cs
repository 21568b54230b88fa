using Camstreamd.Jpeg;

namespace Camstreamd.Fuzz.Targets;

/// <summary>
/// A camera's frame through the JPEG validator and the Huffman table inserter, as the V4L2 path runs them:
/// the inserted frame must be exactly the input plus the tables, and must not need tables again.
/// </summary>
internal static class JpegTarget
{
    public static void Run(byte[] input)
    {
        bool valid = JpegValidator.TryValidate(input, out int length, out string? reason);
        Check.That(valid ? length >= JpegValidator.MinimumLength && length <= input.Length : reason is not null, "a validation result without a length or a reason");
        byte[] destination = new byte[input.Length + JpegHuffmanInserter.AddedLength];
        bool needed = JpegHuffmanInserter.NeedsTables(input, out _);
        int written = JpegHuffmanInserter.CopyWithTables(input, destination);
        Check.That(written == input.Length + (needed ? JpegHuffmanInserter.AddedLength : 0), "a copy of the wrong length");
        Check.That(!needed || !JpegHuffmanInserter.NeedsTables(destination.AsSpan(0, written), out _), "tables inserted but still missing");
    }
}
