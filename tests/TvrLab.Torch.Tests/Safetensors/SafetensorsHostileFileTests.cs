using System.Buffers.Binary;
using System.Text;
using TvrLab.Testing;
using TvrLab.Torch.Safetensors;
using static TvrLab.Torch.torch;

namespace TvrLab.Torch.Tests.Safetensors;

/// <summary>Hand-made malformed files: each must be refused with an error naming the file, the tensor and the rule.</summary>
public class SafetensorsHostileFileTests
{
    static readonly string Dir = TestPaths.NewTempDir("hostile");

    /// <summary>Writes raw bytes to a fresh file and returns its path.</summary>
    static string Raw(byte[] bytes)
    {
        var path = Path.Combine(Dir, $"{Guid.NewGuid():N}.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>A file made of a header (as given, with its true length unless overridden) and a data buffer.</summary>
    static string File_(string header, int dataBytes, ulong? headerLength = null) => Raw(Build(Encoding.UTF8.GetBytes(header), dataBytes, headerLength));

    static byte[] Build(byte[] header, int dataBytes, ulong? headerLength = null)
    {
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, headerLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        return bytes;
    }

    static SafetensorsFormatException Rejected(string path, string? key, params string[] phrases)
    {
        var ex = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path).Dispose());
        Assert.StartsWith(path + ":", ex.Message);
        Assert.Equal(path, ex.FilePath);
        Assert.Equal(key, ex.Key);
        if (key is not null) Assert.Contains($"'{key}'", ex.Message);
        foreach (var p in phrases) Assert.Contains(p, ex.Message);
        return ex;
    }

    const string Ok = "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}";

    [Fact]
    public void AWellFormedHandMadeFileOpens()
    {
        using var scope = NewDisposeScope();
        var bytes = Build(Encoding.UTF8.GetBytes("{" + Ok + "}"), 8);
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 8), 1.5f);
        BitConverter.TryWriteBytes(bytes.AsSpan(bytes.Length - 4), -3f);
        using var file = SafetensorsFile.Open(Raw(bytes));
        Assert.Equal(new[] { 1.5f, -3f }, file.Load("a").ToArray<float>());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(7)]
    public void FileShorterThanTheLengthPrefix(int length) =>
        Rejected(Raw(new byte[length]), null, $"{length} bytes long", "shorter than the 8-byte header length");

    [Fact]
    public void HeaderLengthPastEndOfFile() =>
        Rejected(File_("{" + Ok + "}", 8, headerLength: 1000), null, "header length 1000 runs past the end of the file");

    [Theory]
    [InlineData(100_000_001UL)]
    [InlineData(ulong.MaxValue)]
    public void HeaderLengthOverTheLimit(ulong length) =>
        Rejected(File_("{}", 0, headerLength: length), null, $"header length {length}", "100,000,000");

    [Fact]
    public void HeaderThatIsNotUtf8()
    {
        byte[] bad = [.. "{\"a"u8.ToArray(), 0xFF, .. "\":{}}"u8.ToArray()];   // 0xFF never occurs in UTF-8
        Rejected(Raw(Build(bad, 0)), null, "not valid UTF-8");
    }

    [Theory]
    [InlineData("{not json}")]
    [InlineData("{\"a\":{\"dtype\":\"F32\",")]
    [InlineData("")]
    public void HeaderThatIsNotJson(string header) => Rejected(File_(header, 0), null, "not valid JSON");

    [Fact]
    public void HeaderThatIsNotAnObject() => Rejected(File_("[1, 2]", 0), null, "must be a JSON object");

    [Theory]
    [InlineData("dtype", "{\"a\":{\"shape\":[2],\"data_offsets\":[0,8]}}")]
    [InlineData("shape", "{\"a\":{\"dtype\":\"F32\",\"data_offsets\":[0,8]}}")]
    [InlineData("data_offsets", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2]}}")]
    public void MissingField(string field, string header) => Rejected(File_(header, 8), "a", $"missing field \"{field}\"");

    [Fact]
    public void EntryThatIsNotAnObject() => Rejected(File_("{\"a\":[1]}", 0), "a", "must be an object");

    [Fact]
    public void UnknownDtype() =>
        Rejected(File_("{\"a\":{\"dtype\":\"F17\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "a", "unknown dtype \"F17\"", "F32", "BF16");

    [Theory]
    [InlineData("[-1]", "-1")]
    [InlineData("[2.5]", "2.5")]
    [InlineData("[\"2\"]", "\"2\"")]
    [InlineData("[1e3]", "1e3")]
    public void NegativeOrNonIntegerShape(string shape, string culprit) =>
        Rejected(File_($"{{\"a\":{{\"dtype\":\"F32\",\"shape\":{shape},\"data_offsets\":[0,8]}}}}", 8), "a", "shape must be an array of non-negative integers", culprit);

    [Fact]
    public void ShapeThatIsNotAnArray() =>
        Rejected(File_("{\"a\":{\"dtype\":\"F32\",\"shape\":2,\"data_offsets\":[0,8]}}", 8), "a", "shape must be an array");

    [Theory]
    [InlineData("[0]")]
    [InlineData("[0,4,8]")]
    public void DataOffsetsThatAreNotAPair(string offsets) =>
        Rejected(File_($"{{\"a\":{{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":{offsets}}}}}", 8), "a", "exactly two integers");

    [Fact]
    public void NegativeOffset() =>
        Rejected(File_("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}", 8), "a", "data_offsets must be an array of non-negative integers");

    [Fact]
    public void OffsetsOutOfBounds() =>
        Rejected(File_("{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8), "a", "[0, 16] run past the end of the data buffer (8 bytes)");

    [Fact]
    public void BeginAfterEnd() =>
        Rejected(File_("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", 8), "a", "begin is past end");

    [Fact]
    public void ShapeAndDtypeDisagreeWithTheByteLength() =>
        Rejected(File_("{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8), "a", "needs 16 bytes", "hold 8");

    [Fact]
    public void ShapeWhoseSizeOverflows() =>
        Rejected(File_("{\"a\":{\"dtype\":\"F64\",\"shape\":[4611686018427387904,4],\"data_offsets\":[0,8]}}", 8), "a", "too large");

    [Fact]
    public void OverlappingTensors() =>
        Rejected(File_("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12),
            "b", "overlap tensor 'a' [0, 8]");

    [Fact]
    public void TwoNamesForTheSameBytes() =>
        Rejected(File_("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", 8),
            "b", "overlap");

    [Fact]
    public void GapBetweenTensors() =>
        Rejected(File_("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12),
            "b", "gap after tensor 'a'", "not contiguous");

    [Fact]
    public void FirstTensorNotAtTheStartOfTheBuffer() =>
        Rejected(File_("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8), "a", "must begin at 0");

    [Fact]
    public void BytesThatBelongToNoTensor() =>
        Rejected(File_("{" + Ok + "}", 16), null, "cover 8 bytes", "has 16");

    [Fact]
    public void DuplicateKey() => Rejected(File_("{" + Ok + "," + Ok + "}", 8), "a", "appears twice");

    [Fact]
    public void MetadataThatIsNotStrings()
    {
        Rejected(File_("{\"__metadata__\":{\"epoch\":3}," + Ok + "}", 8), null, "__metadata__ value of \"epoch\" must be a string");
        Rejected(File_("{\"__metadata__\":[\"x\"]," + Ok + "}", 8), null, "__metadata__ must be an object");
    }

    [Fact]
    public void AFormatDtypeTvrLabCannotHoldListsButDoesNotLoad()
    {
        using var file = SafetensorsFile.Open(File_("{\"u\":{\"dtype\":\"U16\",\"shape\":[2],\"data_offsets\":[0,4]}," +
                                                   "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12));
        Assert.Equal("U16", file.Info("u").DtypeName);
        Assert.Null(file.Info("u").Dtype);
        using var a = file.Load("a");
        var ex = Assert.Throws<SafetensorsFormatException>(() => file.Load("u"));
        Assert.Equal("u", ex.Key);
        Assert.Contains("U16", ex.Message);
    }

    [Fact]
    public void MissingFileNamesThePath()
    {
        var path = Path.Combine(Dir, "absent.safetensors");
        var ex = Assert.Throws<FileNotFoundException>(() => SafetensorsFile.Open(path));
        Assert.Contains(path, ex.Message);
    }

    [Fact]
    public void TruncatedDownloadIsRefused()
    {
        using var scope = NewDisposeScope();
        var good = Path.Combine(Dir, "good.safetensors");
        safetensors.save_file(new Dictionary<string, Tensor> { ["w"] = ones(64, 64) }, good);
        var bytes = File.ReadAllBytes(good);
        Rejected(Raw(bytes[..^100]), "w", "run past the end of the data buffer");
    }
}
