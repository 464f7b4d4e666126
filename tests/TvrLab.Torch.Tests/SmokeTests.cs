using TvrLab.Torch;
using static TvrLab.Torch.torch;

namespace TvrLab.Torch.Tests;

public class SmokeTests
{
    [Fact]
    public void AddsTwoTensors()
    {
        using var scope = NewDisposeScope();
        var a = tensor(new float[] { 1, 2, 3 });
        var b = ones(3);
        Assert.Equal(new float[] { 2, 3, 4 }, (a + b).ToArray<float>());
        Assert.Equal("1.13.0", __version__);
    }

    [Fact]
    public void MatmulShapeMismatchNamesBothShapes()
    {
        using var scope = NewDisposeScope();
        var ex = Assert.Throws<TorchException>(() => zeros(2, 3).matmul(zeros(4, 5)));
        Assert.Contains("2x3", ex.Message);
        Assert.Contains("4x5", ex.Message);
    }
}
