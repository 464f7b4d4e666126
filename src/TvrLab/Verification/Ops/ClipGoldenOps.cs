using System.Text.Json;
using TvrLab.Models;
using TvrLab.Models.Weights;
using TvrLab.Torch;
using TvrLab.Torch.Safetensors;
using static TvrLab.Torch.torch;

namespace TvrLab.Verification.Ops;

/// <summary>
/// Golden ops of the CLIP towers (suite ../shared/golden/clip): <c>clip.forward</c> builds the kit's CLIP from the
/// case's weight files, in float64 like the reference run, and returns what Hugging Face's <c>CLIPModel</c> returned.
/// </summary>
public static class ClipGoldenOps
{
    public static void Register(GoldenOpRegistry registry) => registry.Register("clip.forward", ClipForward);

    /// <summary>
    /// Both weight files (OpenAI's names and Hugging Face's) must load into the same model: the outputs are computed
    /// from each and must agree to 1e-12 before the OpenAI ones are compared with the golden outputs.
    /// </summary>
    static IReadOnlyDictionary<string, Tensor> ClipForward(GoldenCaseContext c)
    {
        var (visionHeads, textHeads) = Heads(c.FilePath("config"));
        var pixels = c.Input("pixel_values").to(float64);
        var ids = c.Input("input_ids");
        var outputs = Forward(c.FilePath("weights_openai"), visionHeads, textHeads, pixels, ids);
        if (c.HasParam("weights_hf"))
        {
            var hf = Forward(c.FilePath("weights_hf"), visionHeads, textHeads, pixels, ids);
            foreach (var (name, value) in outputs)
            {
                var gap = (value - hf[name]).abs().max().item<double>();
                if (gap > 1e-12)
                    throw new InvalidDataException($"{name}: the Hugging Face weight file gives outputs {gap:G3} away from the OpenAI one; the name mapping is wrong");
            }
        }
        return outputs;
    }

    static Dictionary<string, Tensor> Forward(string weights, long visionHeads, long textHeads, Tensor pixels, Tensor ids)
    {
        var state = safetensors.load_file(weights);
        var config = ClipConfig.FromStateDict(WeightLoader.Canonicalize(state).Tensors, visionHeads, textHeads);
        using var model = new CLIP(config).to(float64);
        model.load(state, strict: true);
        model.eval();
        var image = model.encode_image(pixels);
        var text = model.encode_text(ids);
        return new()
        {
            ["image_embeds"] = image.Embeds,
            ["text_embeds"] = text.Sentence,
            ["text_tokens"] = text.Tokens,
            ["vision_last_hidden_state"] = image.Hidden,
            ["text_last_hidden_state"] = text.Hidden,
            ["logits_per_text"] = model.logits(text.Sentence, image.Embeds),   // exp(s) * t_hat v_hat^T
        };
    }

    /// <summary>Attention heads from Hugging Face's config.json (shapes cannot tell them).</summary>
    static (long vision, long text) Heads(string configPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(configPath));
        long Get(string tower) => doc.RootElement.TryGetProperty(tower, out var t) && t.TryGetProperty("num_attention_heads", out var h)
            ? h.GetInt64() : throw new InvalidDataException($"{configPath}: expected {tower}.num_attention_heads");
        return (Get("vision_config"), Get("text_config"));
    }
}
