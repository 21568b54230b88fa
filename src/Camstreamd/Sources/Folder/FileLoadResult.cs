namespace Camstreamd.Sources.Folder;

/// <summary>What reading one file into a frame gave.</summary>
internal enum FileLoadResult
{
    /// <summary>A whole, valid JPEG is in the frame.</summary>
    Loaded,

    /// <summary>The file vanished between the scan and the read; not an error.</summary>
    Gone,

    /// <summary>The file is not a valid JPEG (or not yet a whole one); the reason says which.</summary>
    Invalid,
}
