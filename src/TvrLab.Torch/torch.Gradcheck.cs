using System.Globalization;
using System.Text;

namespace TvrLab.Torch;

/// <summary>Raised by <see cref="torch.autograd.gradcheck(Func{Tensor[], Tensor}, Tensor[], double, double, double, bool)"/> when analytic and numerical gradients disagree.</summary>
public sealed class GradcheckException : Exception
{
    public GradcheckException(string message) : base(message) { }
}

public static partial class torch
{
    public static partial class autograd
    {
        /// <summary>
        /// Checks the gradients autograd computes for <paramref name="func"/> against central finite differences, as
        /// torch.autograd.gradcheck: for every input x that requires grad (float64) and every element x_i,
        /// J_num[:, i] = (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), and J_an[j, :] = ∂f_j/∂x from autograd; they must
        /// agree as |J_an - J_num| ≤ atol + rtol |J_num|. Inputs that do not require grad (targets, masks) are passed
        /// through unchanged. Use it on custom losses written from ops. Returns true, or throws a
        /// <see cref="GradcheckException"/> naming the input and the worst entries (false instead with
        /// <paramref name="raise_exception"/> off).
        /// </summary>
        public static bool gradcheck(Func<Tensor[], Tensor> func, Tensor[] inputs, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true)
        {
            var differentiable = Enumerable.Range(0, inputs.Length).Where(k => inputs[k].requires_grad).ToArray();
            if (differentiable.Length == 0) throw new ArgumentException("gradcheck: no input requires grad");
            foreach (var k in differentiable)
            {
                if (inputs[k].dtype != ScalarType.Float64)
                    throw new ArgumentException($"gradcheck: input {k} is {inputs[k].dtype.PyTorchName()}; finite differences need torch.float64 inputs");
                if (!inputs[k].is_contiguous())
                    throw new ArgumentException($"gradcheck: input {k} is not contiguous; pass x.contiguous()");
            }

            using var scope = NewDisposeScope();
            var analytic = AnalyticJacobians(func, inputs, differentiable, out var outputCount);
            for (int d = 0; d < differentiable.Length; d++)
            {
                var numerical = NumericalJacobian(func, inputs, differentiable[d], outputCount, eps);
                var mismatch = Compare(analytic[d], numerical, outputCount, atol, rtol);
                if (mismatch is null) continue;
                if (!raise_exception) return false;
                throw new GradcheckException($"Jacobian mismatch for the output with respect to input {differentiable[d]} (rows: output elements, columns: input elements):\n{mismatch}");
            }
            return true;
        }

        /// <summary>gradcheck of a function of one tensor.</summary>
        public static bool gradcheck(Func<Tensor, Tensor> func, Tensor input, double eps = 1e-6, double atol = 1e-5, double rtol = 1e-3, bool raise_exception = true) =>
            gradcheck(xs => func(xs[0]), [input], eps, atol, rtol, raise_exception);

        /// <summary>Row j of each input's Jacobian is autograd's gradient of output element j (a one-hot grad_output).</summary>
        static double[][] AnalyticJacobians(Func<Tensor[], Tensor> func, Tensor[] inputs, int[] differentiable, out long outputCount)
        {
            var output = func(inputs);
            if (!output.is_floating_point()) throw new ArgumentException($"gradcheck: the function returned a {output.dtype.PyTorchName()} tensor; it must be floating point");
            if (!output.requires_grad) throw new ArgumentException("gradcheck: the function's output does not require grad (it does not depend on the inputs that do)");
            long m = outputCount = output.numel();
            var wrt = differentiable.Select(k => inputs[k]).ToArray();
            var jacobians = wrt.Select(x => new double[m * x.numel()]).ToArray();
            for (long j = 0; j < m; j++)
            {
                using var step = NewDisposeScope();
                var oneHot = zeros_like(output);
                oneHot.view(-1).index_put_(1.0, j);
                var grads = grad([output], wrt, [oneHot], retain_graph: true, allow_unused: true);
                for (int d = 0; d < wrt.Length; d++)
                    if (grads[d] is { } g) g.contiguous().@double().CopyTo<double>(jacobians[d].AsSpan((int)(j * wrt[d].numel()), (int)wrt[d].numel()));
            }
            return jacobians;
        }

        /// <summary>Column i: (f(x + eps e_i) - f(x - eps e_i)) / (2 eps), x_i restored afterwards; stored row-major [output, input].</summary>
        static double[] NumericalJacobian(Func<Tensor[], Tensor> func, Tensor[] inputs, int k, long outputCount, double eps)
        {
            var n = inputs[k].numel();
            var jacobian = new double[outputCount * n];
            using var noGrad = no_grad();
            var flat = inputs[k].detach().view(-1);  // shares storage with the input
            var plus = new double[outputCount];
            var minus = new double[outputCount];
            for (long i = 0; i < n; i++)
            {
                using var step = NewDisposeScope();
                var xi = flat[i];
                var original = xi.item<double>();
                xi.fill_(original + eps);
                func(inputs).@double().reshape(-1).CopyTo<double>(plus);
                xi.fill_(original - eps);
                func(inputs).@double().reshape(-1).CopyTo<double>(minus);
                xi.fill_(original);
                for (long j = 0; j < outputCount; j++) jacobian[j * n + i] = (plus[j] - minus[j]) / (2 * eps);
            }
            return jacobian;
        }

        /// <summary>Null when every entry agrees; otherwise up to five of the worst entries.</summary>
        static string? Compare(double[] analytic, double[] numerical, long outputCount, double atol, double rtol)
        {
            long n = numerical.Length / Math.Max(1, outputCount);
            var bad = Enumerable.Range(0, numerical.Length)
                .Select(i => (i, excess: Math.Abs(analytic[i] - numerical[i]) - (atol + rtol * Math.Abs(numerical[i]))))
                .Where(e => e.excess > 0 || double.IsNaN(e.excess))
                .OrderByDescending(e => double.IsNaN(e.excess) ? double.MaxValue : e.excess)
                .Take(5).ToList();
            if (bad.Count == 0) return null;
            var text = new StringBuilder();
            foreach (var (i, _) in bad)
                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"  [{i / n}, {i % n}]: analytical {analytic[i]:G10}, numerical {numerical[i]:G10}"));
            return text.ToString();
        }
    }
}
