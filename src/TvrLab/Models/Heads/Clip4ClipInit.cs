using static TvrLab.Torch.torch;
using static TvrLab.Torch.torch.nn;

namespace TvrLab.Models.Heads;

/// <summary>CLIP4Clip's initialisation of the modules it adds to CLIP (modules/until_module.py PreTrainedModel.init_weights).</summary>
public static class Clip4ClipInit
{
    /// <summary>
    /// Every Linear and Embedding weight ~ N(0, 0.02^2) and every Linear bias 0 (LayerNorms already start at 1 and 0;
    /// attention in_proj weights keep PyTorch's Xavier start and LSTMs their uniform one, which init_weights does not touch).
    /// </summary>
    public static void InitWeights(Module module, double initializer_range = 0.02) => module.apply(m =>
    {
        switch (m)
        {
            case Linear linear:
                init.normal_(linear.weight, std: initializer_range);
                if (linear.bias is not null) init.zeros_(linear.bias);
                break;
            case Embedding embedding:
                init.normal_(embedding.weight, std: initializer_range);
                break;
        }
    });
}
