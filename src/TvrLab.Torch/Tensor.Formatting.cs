using TvrLab.Torch.Formatting;

namespace TvrLab.Torch;

// Tensors render themselves in notebooks (VS Code's Polyglot Notebooks and the headless runner alike) as a table
// of values with a shape/dtype header, long dimensions truncated: see Formatting/TensorFormatter.cs.
[TypeFormatterSource(typeof(TensorFormatterSource), PreferredMimeTypes = [TensorFormatterSource.HtmlMime, TensorFormatterSource.PlainMime])]
public partial class Tensor
{
}
