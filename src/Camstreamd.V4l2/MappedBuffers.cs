using System.Runtime.InteropServices;
using Camstreamd.Interop;
using Camstreamd.V4l2.Interop;
using Camstreamd.V4l2.Native;

namespace Camstreamd.V4l2;

/// <summary>
/// The driver's capture buffers mapped into our memory (QUERYBUF, then one mmap per plane), so a frame is read
/// where the driver wrote it. Dispose unmaps every mapping made, also after a failed <see cref="Map"/>.
/// </summary>
internal sealed unsafe class MappedBuffers : IDisposable
{
    private readonly V4l2Device _device;
    private readonly int _planeCount;
    private readonly nint[] _addresses;
    private readonly nuint[] _lengths;

    public MappedBuffers(V4l2Device device, int bufferCount, int planeCount)
    {
        _device = device;
        _planeCount = planeCount;
        _addresses = new nint[bufferCount * planeCount];
        _lengths = new nuint[bufferCount * planeCount];
    }

    /// <summary>Maps every plane of buffer <paramref name="index"/>.</summary>
    public void Map(int index)
    {
        v4l2_plane* planes = stackalloc v4l2_plane[v4l2_pix_format_mplane.VIDEO_MAX_PLANES];
        v4l2_buffer buffer = new() { index = (uint)index, type = _device.BufferType, memory = V4l2Const.V4L2_MEMORY_MMAP };
        if (_device.IsMultiPlanar)
        {
            buffer.m_planes = planes;
            buffer.length = v4l2_pix_format_mplane.VIDEO_MAX_PLANES;
        }

        Ioctl.Call(_device.Handle, _device.Path, Vidioc.VIDIOC_QUERYBUF, "VIDIOC_QUERYBUF", ref buffer);
        for (int p = 0; p < _planeCount; p++)
        {
            nuint length = _device.IsMultiPlanar ? planes[p].length : buffer.length;
            long offset = _device.IsMultiPlanar ? planes[p].m_mem_offset : buffer.m_offset;
            void* address = Libc.mmap(null, length, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, _device.Handle, offset);
            if (address == Libc.MAP_FAILED)
            {
                throw new V4l2Exception(_device.Path, $"mmap of buffer {index} plane {p}", Marshal.GetLastPInvokeError());
            }

            _addresses[(index * _planeCount) + p] = (nint)address;
            _lengths[(index * _planeCount) + p] = length;
        }
    }

    /// <summary>The mapped length of one plane of buffer <paramref name="index"/>.</summary>
    public int Length(int index, int plane) => (int)_lengths[(index * _planeCount) + plane];

    /// <summary><paramref name="length"/> bytes of one plane from <paramref name="offset"/>; the caller keeps both inside <see cref="Length"/>.</summary>
    public ReadOnlySpan<byte> Plane(int index, int plane, int offset, int length) =>
        new((byte*)_addresses[(index * _planeCount) + plane] + offset, Math.Max(length, 0));

    public void Dispose()
    {
        for (int i = 0; i < _addresses.Length; i++)
        {
            if (_addresses[i] != 0)
            {
                Libc.munmap((void*)_addresses[i], _lengths[i]);
                _addresses[i] = 0;
            }
        }
    }
}
