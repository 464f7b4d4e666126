using System.Runtime.InteropServices;

namespace TvrLab.Torch.Interop;

// Entry points of Native/optim.cpp. Names and argument order are the shim's; see Native/shim.h for conventions.
internal static unsafe partial class Native
{
    /// <summary>One parameter group of an AdamW step; the layout of tvr_adamw_group in optim.cpp.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct AdamWGroup
    {
        public double lr, beta1, beta2, eps, weight_decay, max_grad_norm;
        public int bias_correction, @foreach, end;
    }

    [LibraryImport(Lib)] internal static partial int tvr_adamw_step(IntPtr* @params, IntPtr* exp_avgs, IntPtr* exp_avg_sqs, long* steps, AdamWGroup* groups, int n_groups);
    [LibraryImport(Lib)] internal static partial TensorHandle tvr_clip_grad_norm_(IntPtr* @params, int n, double max_norm, double norm_type, [MarshalAs(UnmanagedType.U1)] bool error_if_nonfinite);
}
