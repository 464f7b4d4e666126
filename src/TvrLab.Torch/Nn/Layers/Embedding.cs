namespace TvrLab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>A lookup table of num_embeddings vectors, as torch.nn.Embedding (weight ~ N(0, 1), the padding row zero).</summary>
        public sealed class Embedding : Module<Tensor, Tensor>
        {
            public readonly long num_embeddings, embedding_dim;
            public readonly long? padding_idx;
            public Parameter weight;

            public Embedding(long num_embeddings, long embedding_dim, long? padding_idx = null, Device? device = null, ScalarType? dtype = null)
            {
                if (padding_idx is { } p && (p >= num_embeddings || p < -num_embeddings))
                    throw new ArgumentOutOfRangeException(nameof(padding_idx), $"padding_idx {p} must be within [-{num_embeddings}, {num_embeddings})");
                this.num_embeddings = num_embeddings;
                this.embedding_dim = embedding_dim;
                this.padding_idx = padding_idx is { } q && q < 0 ? q + num_embeddings : padding_idx;
                weight = Parameter.Empty([num_embeddings, embedding_dim], dtype, device);
                reset_parameters();
            }

            public void reset_parameters()
            {
                init.normal_(weight);
                if (padding_idx is { } p)
                    using (no_grad())
                    using (var row = weight[p])
                        row.zero_();
            }

            public override Tensor forward(Tensor input) => functional.embedding(input, weight, padding_idx ?? -1);

            public override string extra_repr() => $"{num_embeddings}, {embedding_dim}" + (padding_idx is { } p ? $", padding_idx={p}" : "");
        }
    }
}
