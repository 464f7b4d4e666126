using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using TvrLab.Testing;
using TvrLab.Torch.Safetensors;
using static TvrLab.Torch.torch;

namespace TvrLab.Torch.Tests.Safetensors;

public class SafetensorsRoundTripTests
{
    static string TempFile(string name) => Path.Combine(TestPaths.NewTempDir("safetensors"), name);

    /// <summary>One tensor of every dtype, with the awkward values of each (extremes, -0, subnormals, NaN, inf).</summary>
    static Dictionary<string, Tensor> EveryDtype()
    {
        var floats = new float[] { 0f, -0f, 1f, -2.5f, 3.14159274f, 1e-30f, -1e30f, float.Epsilon, float.MaxValue, float.NegativeInfinity, float.NaN, 65504f };
        return new()
        {
            ["f32"] = tensor(floats, [3, 4]),
            ["f64"] = tensor(new[] { 0.0, -0.0, Math.PI, -1e300, double.Epsilon, double.NaN, double.PositiveInfinity, 1.0 / 3 }, [2, 2, 2]),
            ["f16"] = tensor(new[] { (Half)0, (Half)(-1.5), Half.MaxValue, Half.MinValue, Half.Epsilon, (Half)0.1, Half.NegativeInfinity, Half.NaN }, [8]),
            // bf16 from float32: the conversion rounds; what is compared is the bf16 value before and after the file.
            ["bf16"] = tensor(floats, [4, 3]).to(bfloat16),
            ["i64"] = tensor(new[] { long.MinValue, -1L, 0L, 1L, long.MaxValue, 1L << 53 | 1 }, [6, 1]),
            ["i32"] = tensor(new[] { int.MinValue, -7, 0, int.MaxValue }, [2, 2]),
            ["i16"] = tensor(new short[] { short.MinValue, -1, 0, short.MaxValue }, [4]),
            ["i8"] = tensor(new sbyte[] { sbyte.MinValue, -1, 0, sbyte.MaxValue }, [1, 4]),
            ["u8"] = tensor(new byte[] { 0, 1, 127, 128, 255, 42 }, [3, 2]),
            ["bool"] = tensor(new[] { true, false, false, true, true }, [5]),
            ["scalar"] = scalar_tensor(7.25, float64),
            ["empty"] = zeros([0, 3], float32),
        };
    }

    /// <summary>Bitwise identity: same dtype, same shape, same bytes (NaN payloads and -0 included).</summary>
    static void AssertIdentical(Tensor expected, Tensor actual, string name)
    {
        Assert.Equal(expected.dtype, actual.dtype);
        Assert.Equal(expected.shape, actual.shape);
        Assert.True(Bytes(expected).AsSpan().SequenceEqual(Bytes(actual)), $"{name}: the values differ after the round trip");
    }

    static unsafe byte[] Bytes(Tensor t)
    {
        using var c = t.contiguous();
        var bytes = new byte[c.numel() * c.element_size()];
        if (bytes.Length > 0) new ReadOnlySpan<byte>((void*)c.data_ptr(), bytes.Length).CopyTo(bytes);
        return bytes;
    }

    [Fact]
    public void EveryDtypeRoundTripsBitForBit()
    {
        using var scope = NewDisposeScope();
        var path = TempFile("all.safetensors");
        var tensors = EveryDtype();
        safetensors.save_file(tensors, path);
        var loaded = safetensors.load_file(path);
        Assert.Equal(tensors.Keys.Order(), loaded.Keys.Order());
        foreach (var (name, t) in tensors) AssertIdentical(t, loaded[name], name);
        Assert.Equal(new[] { true, false, false, true, true }, loaded["bool"].ToArray<bool>());
        Assert.Equal(long.MinValue, loaded["i64"].ToArray<long>()[0]);
        Assert.Equal(7.25, loaded["scalar"].item<double>());
        Assert.Empty(loaded["scalar"].shape);
    }

    [Fact]
    public void HalfAndBFloat16AreStoredAsLittleEndianBitPatterns()
    {
        using var scope = NewDisposeScope();
        var path = TempFile("half.safetensors");
        // 1.0 and -2.0: F16 0x3C00 0xC000; BF16 0x3F80 0xC000.
        safetensors.save_file(new Dictionary<string, Tensor>
        {
            ["a_f16"] = tensor(new[] { 1f, -2f }).to(float16),
            ["b_bf16"] = tensor(new[] { 1f, -2f }).to(bfloat16),
        }, path);
        var bytes = File.ReadAllBytes(path);
        var data = bytes.AsSpan(8 + (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes));
        Assert.Equal(new byte[] { 0x00, 0x3C, 0x00, 0xC0, 0x80, 0x3F, 0x00, 0xC0 }, data.ToArray());
        using var file = SafetensorsFile.Open(path);
        Assert.Equal(new[] { 1f, -2f }, file.Load("b_bf16", dtype: float32).ToArray<float>());
        Assert.Equal(ScalarType.BFloat16, file.Info("b_bf16").Dtype);
    }

    [Fact]
    public void HeaderIsPaddedContiguousAndOrderedByElementSizeThenName()
    {
        using var scope = NewDisposeScope();
        var path = TempFile("layout.safetensors");
        safetensors.save_file(new Dictionary<string, Tensor>
        {
            ["z_u8"] = ones([3], uint8), ["b_f32"] = ones([1], float32), ["a_f32"] = ones([2], float32), ["c_f64"] = ones([1], float64),
        }, path, new Dictionary<string, string> { ["format"] = "pt" });
        var bytes = File.ReadAllBytes(path);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, n % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, n);
        Assert.Equal(header.TrimEnd(' ').Length, header.TrimEnd().Length);
        Assert.StartsWith("{\"__metadata__\":{\"format\":\"pt\"},\"c_f64\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}," +
                          "\"a_f32\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},\"b_f32\":", header);
        Assert.EndsWith("\"z_u8\":{\"dtype\":\"U8\",\"shape\":[3],\"data_offsets\":[20,23]}}", header.TrimEnd(' '));
        Assert.Equal(8 + n + 23, bytes.Length);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!));   // the temporary file was renamed away
    }

    [Fact]
    public void MetadataRoundTrips()
    {
        using var scope = NewDisposeScope();
        var path = TempFile("meta.safetensors");
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["note"] = "caf\u00e9 \"quoted\" \u2713\n<tag>", ["empty"] = "" };
        safetensors.save_file(new Dictionary<string, Tensor> { ["x"] = ones(2) }, path, metadata);
        using var file = safetensors.safe_open(path);
        Assert.Equal(metadata.OrderBy(k => k.Key), file.Metadata.OrderBy(k => k.Key));
        using var none = SafetensorsFile.Open(WriteNoMetadata());
        Assert.Empty(none.Metadata);

        string WriteNoMetadata()
        {
            var p = TempFile("nometa.safetensors");
            safetensors.save_file(new Dictionary<string, Tensor> { ["x"] = ones(2) }, p);
            return p;
        }
    }

    [Fact]
    public void OpensLazilyListsEntriesAndLoadsOneTensor()
    {
        using var scope = NewDisposeScope();
        var path = TempFile("lazy.safetensors");
        safetensors.save_file(new Dictionary<string, Tensor>
        {
            ["w"] = arange(12, float32).reshape(3, 4), ["ids"] = arange(5, int64),
        }, path);
        Tensor w;
        using (var file = SafetensorsFile.Open(path))
        {
            Assert.Equal(["ids", "w"], file.Keys.Order());
            Assert.Equal("F32", file.Info("w").DtypeName);
            Assert.Equal(new long[] { 3, 4 }, file.Info("w").Shape);
            Assert.Equal(48, file.Info("w").ByteLength);
            Assert.True(file.Contains("ids"));
            w = file.Load("w");
            var asDouble = file.Load("w", Device.CPU, float64);
            Assert.Equal(ScalarType.Float64, asDouble.dtype);
            Assert.Equal(11.0, asDouble[2, 3].item<double>());
            var missing = Assert.Throws<KeyNotFoundException>(() => file.Load("nope"));
            Assert.Contains(path, missing.Message);
            Assert.Contains("nope", missing.Message);
        }
        // A loaded tensor is a copy: it outlives the mapping.
        Assert.Equal(Enumerable.Range(0, 12).Select(i => (float)i).ToArray(), w.ToArray<float>());
    }

    [Fact]
    public void OverwritesAnExistingFileAtomically()
    {
        using var scope = NewDisposeScope();
        var path = TempFile("over.safetensors");
        safetensors.save_file(new Dictionary<string, Tensor> { ["x"] = ones(100) }, path);
        safetensors.save_file(new Dictionary<string, Tensor> { ["y"] = zeros(2) }, path);
        using var file = SafetensorsFile.Open(path);
        Assert.Equal(["y"], file.Keys);
    }

    [Fact]
    public void SavesNonContiguousAndGradientTensors()
    {
        using var scope = NewDisposeScope();
        var path = TempFile("views.safetensors");
        var m = arange(6, float32).reshape(2, 3);
        var p = ones([2], float32, requires_grad: true);
        safetensors.save_file(new Dictionary<string, Tensor> { ["t"] = m.t(), ["p"] = p * 2 }, path);
        var loaded = safetensors.load_file(path);
        Assert.Equal(new float[] { 0, 3, 1, 4, 2, 5 }, loaded["t"].ToArray<float>());
        Assert.Equal(new long[] { 3, 2 }, loaded["t"].shape);
        Assert.Equal(new float[] { 2, 2 }, loaded["p"].ToArray<float>());
    }

    [Fact]
    public void RefusesTheReservedMetadataName()
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<ArgumentException>(() =>
            safetensors.save_file(new Dictionary<string, Tensor> { ["__metadata__"] = ones(1) }, TempFile("bad.safetensors")));
        Assert.Contains("__metadata__", ex.Message);
    }

    [Fact]
    public void WrittenHeaderIsValidJsonThatAnyReaderAccepts()
    {
        using var scope = NewDisposeScope();
        var path = TempFile("json.safetensors");
        safetensors.save_file(EveryDtype(), path, new Dictionary<string, string> { ["k"] = "v" });
        var bytes = File.ReadAllBytes(path);
        var n = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        using var doc = JsonDocument.Parse(bytes.AsMemory(8, n));
        Assert.Equal(EveryDtype().Count + 1, doc.RootElement.EnumerateObject().Count());
    }
}
