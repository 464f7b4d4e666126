using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace TvrLab.Imaging;

/// <summary>Per-row PNG filters the encoder can use (PNG spec section 9).</summary>
public enum PngFilter : byte { None = 0, Sub = 1 }

/// <summary>
/// A small PNG encoder: 8-bit RGB or RGBA, zlib (deflate) compressed image data, CRC-32 per chunk. Used for frame
/// strips (<c>tvrlab video frames --strip</c>) and by notebooks.
/// </summary>
public static class Png
{
    static readonly byte[] Signature = [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>
    /// Encodes <paramref name="pixels"/>, rows top to bottom of <paramref name="width"/> pixels with
    /// <paramref name="channels"/> bytes each (3 = RGB, 4 = RGBA).
    /// </summary>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, int channels = 3, PngFilter filter = PngFilter.Sub)
    {
        if (channels is not (3 or 4)) throw new ArgumentException($"PNG: channels must be 3 (RGB) or 4 (RGBA), not {channels}");
        if (width < 1 || height < 1) throw new ArgumentException($"PNG: image size must be positive, not {width}x{height}");
        long stride = (long)width * channels;
        if (pixels.Length != stride * height)
            throw new ArgumentException($"PNG: {pixels.Length} bytes given; a {width}x{height} image with {channels} channels needs {stride * height}");

        using var file = new MemoryStream();
        file.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;                          // bit depth
        header[9] = channels == 3 ? (byte)2 : (byte)6; // colour type: truecolour, truecolour with alpha
        header[10] = header[11] = header[12] = 0;      // deflate, adaptive filtering, no interlace
        WriteChunk(file, "IHDR", header);

        using (var data = new MemoryStream())
        {
            using (var zlib = new ZLibStream(data, CompressionLevel.Optimal, leaveOpen: true))
            {
                var line = new byte[stride + 1];
                for (int y = 0; y < height; y++)
                {
                    var row = pixels.Slice((int)(y * stride), (int)stride);
                    line[0] = (byte)filter;
                    if (filter == PngFilter.None) row.CopyTo(line.AsSpan(1));
                    else
                        for (int x = 0; x < stride; x++)   // Sub: Filt(x) = Orig(x) - Orig(x - bpp)
                            line[x + 1] = (byte)(row[x] - (x >= channels ? row[x - channels] : 0));
                    zlib.Write(line);
                }
            }
            WriteChunk(file, "IDAT", data.GetBuffer().AsSpan(0, (int)data.Length));
        }
        WriteChunk(file, "IEND", []);
        return file.ToArray();
    }

    /// <summary>Encodes and writes to <paramref name="path"/> through a temporary file renamed into place.</summary>
    public static void Save(string path, ReadOnlySpan<byte> pixels, int width, int height, int channels = 3)
    {
        var bytes = Encode(pixels, width, height, channels);
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
    }

    static void WriteChunk(Stream s, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        s.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        s.Write(typeBytes);
        s.Write(data);
        uint crc = Crc32.Update(Crc32.Update(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu; // CRC over type and data
        BinaryPrimitives.WriteUInt32BigEndian(word, crc);
        s.Write(word);
    }

    /// <summary>CRC-32 as PNG and zlib define it (polynomial 0xEDB88320, reflected), table-driven.</summary>
    public static class Crc32
    {
        static readonly uint[] Table = MakeTable();

        static uint[] MakeTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }

        /// <summary>Continues a running CRC register (start with 0xFFFFFFFF; xor the end result with 0xFFFFFFFF).</summary>
        public static uint Update(uint crc, ReadOnlySpan<byte> data)
        {
            foreach (var b in data) crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            return crc;
        }

        /// <summary>The CRC-32 of <paramref name="data"/>.</summary>
        public static uint Compute(ReadOnlySpan<byte> data) => Update(0xFFFFFFFFu, data) ^ 0xFFFFFFFFu;
    }
}
