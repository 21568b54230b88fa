using Camstreamd.Configuration;

namespace Camstreamd.Sources.Folder;

/// <summary>The Camera keys <c>Camera:Source=folder</c> needs, checked at start.</summary>
internal static class FolderOptionsValidator
{
    public static void Validate(CameraOptions camera, ICollection<string> errors)
    {
        if (string.IsNullOrWhiteSpace(camera.Folder))
        {
            errors.Add("Camera:Folder is empty; Camera:Source 'folder' needs the path of a folder of JPEG or GIF files.");
        }
        else if (!Directory.Exists(camera.Folder))
        {
            errors.Add($"Camera:Folder is '{camera.Folder}', which does not exist or is not a folder; allowed: an existing folder of JPEG or GIF files.");
        }
    }
}
