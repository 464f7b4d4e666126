using TvrLab.Torch;

namespace TvrLab.Viz;

/// <summary>Plots take managed arrays; these read tensors (any dtype, any device) into them.</summary>
public static class MatrixInput
{
    /// <summary>A 2-D tensor as a [rows, columns] array of doubles (bool: 0/1).</summary>
    public static double[,] From(Tensor t)
    {
        if (t.dim() != 2) throw new ArgumentException($"a matrix plot needs a 2-D tensor, not shape {Tensor.ShapeString(t.shape)}");
        using var cpu = t.detach().to(Device.CPU, ScalarType.Float64);
        return cpu.ToArray2D<double>();
    }

    /// <summary>A 1-D tensor as an array of doubles.</summary>
    public static double[] Vector(Tensor t)
    {
        if (t.dim() != 1) throw new ArgumentException($"a vector needs a 1-D tensor, not shape {Tensor.ShapeString(t.shape)}");
        using var cpu = t.detach().to(Device.CPU, ScalarType.Float64);
        return cpu.ToArray<double>();
    }

    /// <summary>A bool matrix as 0/1 doubles.</summary>
    public static double[,] From(bool[,] mask)
    {
        var z = new double[mask.GetLength(0), mask.GetLength(1)];
        for (int i = 0; i < z.GetLength(0); i++)
            for (int j = 0; j < z.GetLength(1); j++) z[i, j] = mask[i, j] ? 1 : 0;
        return z;
    }
}
