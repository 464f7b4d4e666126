using TvrLab.Data.Loading;
using TvrLab.Torch;

namespace TvrLab.Models;

/// <summary>Encoded captions: the sentence (EOT) vector [B, D], every token's feature [B, L, D] and the text mask [B, L].</summary>
public sealed record EncodedText(Tensor sentence, Tensor tokens, Tensor text_mask) : IDisposable
{
    public void Dispose() { sentence.Dispose(); tokens.Dispose(); text_mask.Dispose(); }
}

/// <summary>Encoded videos: frame features after the temporal module [B, T, D] and the frame mask [B, T].</summary>
public sealed record EncodedVideo(Tensor frames, Tensor video_mask) : IDisposable
{
    public void Dispose() { frames.Dispose(); video_mask.Dispose(); }
}

/// <summary>
/// What the trainer and the evaluator need of a retrieval model (CLIP4Clip, DRL, ...). Implementers are
/// <c>torch.nn.Module</c>s. Videos reach these methods as normalised float frames on the model's device.
/// </summary>
public interface IRetrievalModel
{
    /// <summary>The training loss of one batch (scalar), including any regulariser (e.g. DRL's CDCR).</summary>
    Tensor loss(VideoTextBatch batch);

    /// <summary>Encodes captions once for evaluation.</summary>
    EncodedText encode_text(Tensor input_ids, Tensor text_mask);

    /// <summary>Encodes videos once for evaluation.</summary>
    EncodedVideo encode_video(Tensor video, Tensor video_mask);

    /// <summary>Similarity scores [B_text, B_video] of encoded captions against encoded videos.</summary>
    Tensor similarity(EncodedText text, EncodedVideo video);

    /// <summary>Whether a parameter (by its dotted state_dict name) is pretrained CLIP, trained at lr × coef.</summary>
    bool is_pretrained(string name);

    /// <summary>Called after every optimiser step (CLIP4Clip clamps the logit scale at ln 100).</summary>
    void after_step();
}
