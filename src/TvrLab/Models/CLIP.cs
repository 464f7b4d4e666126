using TvrLab.Models.Weights;
using TvrLab.Torch;
using static TvrLab.Torch.torch;
using static TvrLab.Torch.torch.nn;

namespace TvrLab.Models;

/// <summary>What the text tower returns for a batch of token id sequences.</summary>
/// <param name="Sentence">[B, embed_dim]: the EOT token's feature (the position of the largest id), CLIP's text embedding.</param>
/// <param name="Tokens">[B, L, embed_dim]: every token through ln_final and text_projection (DRL's token features).</param>
/// <param name="Hidden">[B, L, width]: every token after ln_final (Hugging Face's text last_hidden_state).</param>
public sealed record TextFeatures(Tensor Sentence, Tensor Tokens, Tensor Hidden) : IDisposable
{
    public void Dispose()
    {
        Sentence.Dispose();
        Tokens.Dispose();
        Hidden.Dispose();
    }
}

/// <summary>
/// OpenAI's CLIP with a ViT image encoder (openai/CLIP clip/model.py), parameter for parameter: its state_dict keys
/// are OpenAI's (<c>visual.conv1.weight</c>, <c>transformer.resblocks.0.attn.in_proj_weight</c>, <c>ln_final.weight</c>,
/// <c>text_projection</c>, <c>logit_scale</c>, ...), so OpenAI and CLIP4Clip checkpoints load as they are (see
/// <see cref="Weights.ClipWeights"/> for Hugging Face's names). A fresh model is initialised as OpenAI's.
/// </summary>
/// <remarks>
/// The forward pass keeps the parameters' dtype except where libtorch's autocast chooses otherwise, so under
/// <c>torch.autocast(CUDA, bf16)</c> matmuls and convolutions run in bf16 while LayerNorm and softmax stay in fp32.
/// The text tower applies CLIP's causal mask and no padding mask (positions after EOT are computed and ignored).
/// </remarks>
public sealed class CLIP : Module
{
    /// <summary>ln(1 / 0.07): CLIP's initial logit scale (a temperature of 0.07).</summary>
    public static readonly double LogitScaleInit = Math.Log(1 / 0.07);

    public readonly ClipConfig config;
    public Parameter positional_embedding;
    public Parameter text_projection;
    public Parameter logit_scale;
    public VisionTransformer visual;
    public Transformer transformer;
    public Embedding token_embedding;
    public LayerNorm ln_final;

    public CLIP(ClipConfig config)
    {
        this.config = config;
        visual = new VisionTransformer(config.image_resolution, config.vision_patch_size, config.vision_width, config.vision_layers,
                                       config.vision_heads, config.embed_dim, config.linear_patch);
        transformer = new Transformer(config.transformer_width, config.transformer_layers, config.transformer_heads);
        token_embedding = new Embedding(config.vocab_size, config.transformer_width);
        ln_final = new LayerNorm(config.transformer_width);
        using (var scope = NewDisposeScope())
        {
            positional_embedding = new Parameter(empty(config.context_length, config.transformer_width));
            text_projection = new Parameter(empty(config.transformer_width, config.embed_dim));
            logit_scale = new Parameter(full([], LogitScaleInit, float32));
        }
        initialize_parameters();
    }

    /// <summary>OpenAI's CLIP.initialize_parameters for the text side (the vision side keeps its constructors' draws).</summary>
    void initialize_parameters()
    {
        init.normal_(token_embedding.weight, std: 0.02);
        init.normal_(positional_embedding, std: 0.01);
        transformer.initialize_parameters();
        init.normal_(text_projection, std: Math.Pow(config.transformer_width, -0.5));
    }

    /// <summary>Image embeddings and the vision tower's hidden states for images [N, 3, H, W].</summary>
    public ImageFeatures encode_image(Tensor image, long video_frame = -1) => visual.forward(image, video_frame);

    /// <summary>
    /// Per-frame features [B, T, D] (class token after ln_post and proj) for videos [B, T, 3, H, W]: uint8 frames as the
    /// cache holds them are normalised with CLIP's mean and std (padded slots, per <paramref name="video_mask"/>, stay 0),
    /// float frames are taken as already normalised; either way they reach the tower in its dtype.
    /// </summary>
    public Tensor encode_frames(Tensor video, Tensor? video_mask = null)
    {
        if (video.dim() != 5) throw new ArgumentException($"videos must be [B, T, 3, H, W], got {Tensor.ShapeString(video.shape)}");
        using var scope = NewDisposeScope();
        var x = video.dtype == ScalarType.Byte
            ? Video.ClipImageNormalization.Apply(video, video_mask ?? throw new ArgumentException("uint8 frames need their video mask to be normalised"))
            : video;
        var dtype = visual.conv1.weight.dtype;
        if (x.dtype != dtype) x = x.to(dtype);                                     // frames in the model's dtype
        long B = x.size(0), T = x.size(1);
        var frames = encode_image(x.reshape(B * T, x.size(2), x.size(3), x.size(4)), video_frame: T).Embeds;
        return scope.MoveToOuter(frames.view(B, T, -1));
    }

    /// <summary>
    /// Text features for token ids [B, L] (L at most context_length; CLIP4Clip uses L = 32 with the first L positional
    /// embeddings): x = token_embedding + positional_embedding[:L], the causal transformer, ln_final; every token projected
    /// by text_projection; the sentence vector is the token at argmax(id), the EOT token (OpenAI's convention).
    /// </summary>
    public TextFeatures encode_text(Tensor text)
    {
        if (text.dim() != 2) throw new ArgumentException($"token ids must be [B, L], got {Tensor.ShapeString(text.shape)}");
        long B = text.size(0), L = text.size(1);
        if (L > config.context_length) throw new ArgumentException($"token sequences of length {L} exceed the context length {config.context_length}");
        using var scope = NewDisposeScope();
        var x = token_embedding.forward(text);
        x = x + positional_embedding[..(int)L].to(x.dtype);
        var hidden = Precision.layer_norm(ln_final, transformer.forward(x, causal: true));
        var tokens = hidden.matmul(text_projection.to(hidden.dtype));                 // [B, L, embed_dim]
        var eot = text.argmax(-1).view(B, 1, 1).expand(B, 1, tokens.size(2));
        var sentence = tokens.gather(1, eot).squeeze(1);                             // x[arange(B), text.argmax(-1)]
        return new TextFeatures(scope.MoveToOuter(sentence), scope.MoveToOuter(tokens), scope.MoveToOuter(hidden));
    }

    /// <summary>
    /// CLIP's similarity logits: logits_per_text = exp(logit_scale) * norm(text) @ norm(image)^T, [B_text, B_image]
    /// (logits_per_image is its transpose).
    /// </summary>
    public Tensor forward(Tensor image, Tensor text)
    {
        using var scope = NewDisposeScope();
        var image_features = encode_image(image).Embeds;
        var text_features = encode_text(text).Sentence;
        return scope.MoveToOuter(logits(text_features, image_features));
    }

    /// <summary>exp(logit_scale) * t_hat v_hat^T for text rows and image (or video) columns.</summary>
    public Tensor logits(Tensor text_features, Tensor image_features)
    {
        using var scope = NewDisposeScope();
        var t = text_features / text_features.norm(2, -1, keepdim: true);
        var v = image_features / image_features.norm(2, -1, keepdim: true);
        return scope.MoveToOuter(logit_scale.exp() * t.matmul(v.t()));
    }

    /// <summary>
    /// Clamps the learned temperature in place to at most ln(100), as CLIP4Clip does after every optimiser step
    /// (<c>torch.clamp_(model.clip.logit_scale.data, max=np.log(100))</c>). The trainer calls it.
    /// </summary>
    public void clamp_logit_scale_() => Losses.SymmetricInfoNCE.clamp_logit_scale_(logit_scale);

    /// <summary>
    /// Builds a CLIP from a checkpoint in OpenAI's, Hugging Face's or CLIP4Clip's names, the config inferred from the
    /// shapes (heads width / 64 unless given: shapes cannot tell them).
    /// </summary>
    public static (CLIP model, LoadReport report) FromPretrained(IReadOnlyDictionary<string, Tensor> state, long? vision_heads = null, long? transformer_heads = null)
    {
        using var scope = NewDisposeScope();
        var model = new CLIP(ClipConfig.FromStateDict(WeightLoader.Canonicalize(state).Tensors, vision_heads, transformer_heads));
        return (model, model.load(state));
    }

    /// <summary>
    /// Loads a checkpoint in any layout (a CLIP4Clip one contributes its <c>clip.</c> part; its heads are reported as
    /// unexpected). Shapes are checked first; fp16 and bf16 tensors are converted to the parameters' dtype.
    /// </summary>
    public LoadReport load(IReadOnlyDictionary<string, Tensor> state, bool strict = false)
    {
        using var scope = NewDisposeScope();
        return WeightLoader.Load(this, WeightLoader.Canonicalize(state), strict);
    }

    public override string extra_repr() => config.ToString();
}
