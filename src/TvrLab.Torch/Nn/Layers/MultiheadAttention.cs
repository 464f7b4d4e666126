namespace TvrLab.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// Multi-head attention with PyTorch's parameter layout, as torch.nn.MultiheadAttention (and CLIP's
        /// <c>attn</c>): in_proj_weight [3E, E] stacks W_q, W_k, W_v; in_proj_bias [3E]; out_proj a Linear(E, E).
        /// head_i = softmax(Q_i K_i^T / sqrt(d_head) + mask) V_i, output = concat(head_1..head_H) W_o^T + b_o.
        /// Inputs are (L, N, E) as in PyTorch, or (N, L, E) with batch_first.
        /// </summary>
        public sealed class MultiheadAttention : Module
        {
            public readonly long embed_dim, num_heads, head_dim;
            public readonly double dropout;
            public readonly bool batch_first;
            public Parameter in_proj_weight;
            public Parameter? in_proj_bias;
            public Linear out_proj;

            public MultiheadAttention(long embed_dim, long num_heads, double dropout = 0, bool bias = true, bool batch_first = false,
                                      Device? device = null, ScalarType? dtype = null)
            {
                if (num_heads <= 0 || embed_dim % num_heads != 0)
                    throw new ArgumentException($"embed_dim ({embed_dim}) must be divisible by num_heads ({num_heads})");
                this.embed_dim = embed_dim;
                this.num_heads = num_heads;
                head_dim = embed_dim / num_heads;
                this.dropout = dropout;
                this.batch_first = batch_first;
                in_proj_weight = Parameter.Empty([3 * embed_dim, embed_dim], dtype, device);
                if (bias) in_proj_bias = Parameter.Empty([3 * embed_dim], dtype, device);
                // PyTorch's order of random draws: out_proj's default init first, then xavier on in_proj_weight.
                out_proj = new Linear(embed_dim, embed_dim, bias, device, dtype);
                init.xavier_uniform_(in_proj_weight);
                if (in_proj_bias is null) return;
                init.zeros_(in_proj_bias);
                init.zeros_(out_proj.bias!);
            }

            /// <summary>
            /// Attends from <paramref name="query"/> to <paramref name="key"/>/<paramref name="value"/>. Masks follow
            /// PyTorch's MultiheadAttention: <paramref name="attn_mask"/> (L, S) or (N * num_heads, L, S) and
            /// <paramref name="key_padding_mask"/> (N, S) are either bool, where True means "may NOT attend" (e.g. a
            /// padded key), or float, added to the scores (e.g. -inf or -1e6). Returns the output and, when
            /// <paramref name="need_weights"/>, the attention weights (N, L, S) averaged over heads or (N, H, L, S).
            /// Without weights the fused scaled_dot_product_attention runs.
            /// </summary>
            public (Tensor output, Tensor? weights) forward(Tensor query, Tensor key, Tensor value, Tensor? key_padding_mask = null,
                                                            bool need_weights = true, Tensor? attn_mask = null, bool average_attn_weights = true)
            {
                using var scope = NewDisposeScope();
                bool selfAttention = ReferenceEquals(query, key) && ReferenceEquals(key, value);
                bool sharedKeyValue = ReferenceEquals(key, value);
                if (batch_first)
                {
                    query = query.transpose(0, 1);
                    key = selfAttention ? query : key.transpose(0, 1);
                    value = selfAttention || sharedKeyValue ? key : value.transpose(0, 1);
                }
                if (query.dim() != 3 || key.dim() != 3 || value.dim() != 3)
                    throw new ArgumentException($"MultiheadAttention expects 3-D query, key and value, got shapes {Tensor.ShapeString(query.shape)}, " +
                                                $"{Tensor.ShapeString(key.shape)}, {Tensor.ShapeString(value.shape)}");
                long L = query.size(0), N = query.size(1), S = key.size(0), E = embed_dim, H = num_heads;
                if (query.size(2) != E) throw new ArgumentException($"MultiheadAttention: query has {query.size(2)} features, expected embed_dim {E}");

                var (q, k, v) = InProjection(query, key, value, selfAttention, sharedKeyValue);
                // [L, N, E] -> [N, H, L, d_head]
                q = q.view(L, N, H, head_dim).permute(1, 2, 0, 3);
                k = k.view(S, N, H, head_dim).permute(1, 2, 0, 3);
                v = v.view(S, N, H, head_dim).permute(1, 2, 0, 3);
                var mask = MergeMasks(attn_mask, key_padding_mask, N, L, S, q.dtype);
                var p = training ? dropout : 0;

                Tensor attended, weights = null!;
                if (!need_weights)
                    attended = functional.scaled_dot_product_attention(q, k, v, mask, p);
                else
                {
                    var scores = (q / Math.Sqrt(head_dim)).matmul(k.transpose(-2, -1));  // Q K^T / sqrt(d_head), q scaled first as PyTorch
                    if (mask is not null) scores = scores + mask;
                    var attention = scores.softmax(-1);
                    if (p > 0) attention = functional.dropout(attention, p);
                    attended = attention.matmul(v);
                    weights = average_attn_weights ? attention.sum(1) / H : attention;
                }
                // [N, H, L, d_head] -> [L, N, E], then W_o
                var output = out_proj.forward(attended.permute(2, 0, 1, 3).reshape(L, N, E));
                if (batch_first) output = output.transpose(0, 1);
                return (scope.MoveToOuter(output), need_weights ? scope.MoveToOuter(weights) : null);
            }

            /// <summary>Q, K, V = the three slices of in_proj applied to query, key, value (one matmul for self-attention).</summary>
            (Tensor q, Tensor k, Tensor v) InProjection(Tensor query, Tensor key, Tensor value, bool selfAttention, bool sharedKeyValue)
            {
                if (selfAttention)
                {
                    var qkv = functional.linear(query, in_proj_weight, in_proj_bias).chunk(3, -1);
                    return (qkv[0], qkv[1], qkv[2]);
                }
                var E = embed_dim;
                var q = functional.linear(query, in_proj_weight[..(int)E], in_proj_bias?[..(int)E]);
                if (sharedKeyValue)
                {
                    var kv = functional.linear(key, in_proj_weight[(int)E..], in_proj_bias?[(int)E..]).chunk(2, -1);
                    return (q, kv[0], kv[1]);
                }
                var k = functional.linear(key, in_proj_weight[(int)E..(int)(2 * E)], in_proj_bias?[(int)E..(int)(2 * E)]);
                var v = functional.linear(value, in_proj_weight[(int)(2 * E)..], in_proj_bias?[(int)(2 * E)..]);
                return (q, k, v);
            }

            /// <summary>attn_mask and key_padding_mask as one additive float mask broadcastable to [N, H, L, S] (bool True -> -inf).</summary>
            Tensor? MergeMasks(Tensor? attn_mask, Tensor? key_padding_mask, long N, long L, long S, ScalarType dtype)
            {
                Tensor? mask = null;
                if (attn_mask is not null)
                {
                    var shape = attn_mask.shape;
                    var additive = Additive(attn_mask, dtype);
                    if (shape.SequenceEqual(new[] { L, S })) mask = additive;
                    else if (shape.SequenceEqual(new[] { N * num_heads, L, S })) mask = additive.view(N, num_heads, L, S);
                    else throw new ArgumentException($"attn_mask must have shape [{L}, {S}] or [{N * num_heads}, {L}, {S}], got {Tensor.ShapeString(shape)}");
                }
                if (key_padding_mask is not null)
                {
                    if (!key_padding_mask.shape.SequenceEqual(new[] { N, S }))
                        throw new ArgumentException($"key_padding_mask must have shape [{N}, {S}] (batch, keys), got {Tensor.ShapeString(key_padding_mask.shape)}");
                    var padding = Additive(key_padding_mask, dtype).view(N, 1, 1, S);
                    mask = mask is null ? padding : mask + padding;
                }
                return mask;
            }

            static Tensor Additive(Tensor mask, ScalarType dtype) =>
                mask.dtype == ScalarType.Bool ? zeros(mask.shape, dtype, mask.device).masked_fill(mask, double.NegativeInfinity) : mask.to(dtype);

            public override string extra_repr() => $"embed_dim={embed_dim}, num_heads={num_heads}" + (dropout > 0 ? $", dropout={dropout}" : "") + (batch_first ? ", batch_first=True" : "");
        }
    }
}
