namespace Camstreamd.Sources.Folder;

/// <summary>Lists the *.jpg, *.jpeg and *.gif files of a folder in ordinal name order (what "name order" means for frame000123.jpg).</summary>
internal static class FolderScanner
{
    private static readonly EnumerationOptions Options = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.Directory,
        MatchType = MatchType.Simple,
    };

    /// <summary>Refills <paramref name="files"/>; throws DirectoryNotFoundException when the folder is gone.</summary>
    public static void Scan(string folder, List<FolderFile> files, string? after = null)
    {
        files.Clear();
        foreach (FileInfo info in new DirectoryInfo(folder).EnumerateFiles("*", Options))
        {
            if (!(IsJpegName(info.Name) || GifFileReader.IsGifName(info.Name)) || (after is not null && string.CompareOrdinal(info.Name, after) <= 0))
            {
                continue;
            }

            files.Add(new FolderFile(info.FullName, info.Name, info.Length, info.LastWriteTimeUtc));
        }

        files.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
    }

    /// <summary>As <see cref="Scan"/>, for the folder source: a folder that cannot be listed stops the source with the reason.</summary>
    /// <exception cref="FrameSourceException">The folder is gone or cannot be read.</exception>
    public static void ScanOrThrow(string folder, List<FolderFile> files, string? after)
    {
        try
        {
            Scan(folder, files, after);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or IOException or UnauthorizedAccessException)
        {
            throw new FrameSourceException($"Camera:Folder '{folder}' cannot be listed: {ex.Message}", ex);
        }
    }

    public static bool IsJpegName(string name) =>
        name.EndsWith(".jpg", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".jpeg", StringComparison.OrdinalIgnoreCase);
}
