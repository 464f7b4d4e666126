using TvrLab.Torch.Interop;

namespace TvrLab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>torch.nn.utils.</summary>
        public static class utils
        {
            /// <summary>
            /// Clips gradients by their global norm, as torch.nn.utils.clip_grad_norm_: total = ||(||g_1||, ..., ||g_n||)||_p
            /// over every parameter that has a gradient; when total > max_norm each gradient is scaled in place by
            /// max_norm / (total + 1e-6). Returns the total norm before clipping (a 0-dim tensor on the gradients' device).
            /// </summary>
            public static unsafe Tensor clip_grad_norm_(IEnumerable<Tensor> parameters, double max_norm, double norm_type = 2, bool error_if_nonfinite = false)
            {
                var list = parameters as IReadOnlyList<Tensor> ?? parameters.ToList();
                var raw = Tensor.Raw(list);
                fixed (IntPtr* p = raw)
                {
                    var total = Native.tvr_clip_grad_norm_(p, raw.Length, max_norm, norm_type, error_if_nonfinite);
                    GC.KeepAlive(list);
                    return new Tensor(total);
                }
            }
        }
    }
}
