using TvrLab.Data.Loading;
using TvrLab.Losses;
using TvrLab.Torch;
using TvrLab.Video;
using static TvrLab.Torch.torch;

namespace TvrLab.Models;

/// <summary>CLIP4Clip as the trainer and the evaluator see it (<see cref="IRetrievalModel"/>).</summary>
public sealed partial class CLIP4Clip : IRetrievalModel
{
    /// <summary>
    /// Symmetric InfoNCE over the batch's similarity logits (ArrowLuo/CLIP4Clip modules/modeling.py forward):
    /// L = (CE(S, diag) + CE(S^T, diag)) / 2 with S = forward(texts, videos). uint8 frames are normalised with CLIP's
    /// mean and std first, on the batch's device.
    /// </summary>
    public Tensor loss(VideoTextBatch batch)
    {
        using var scope = NewDisposeScope();
        var logits = forward(batch.input_ids, batch.video, batch.video_mask);
        return scope.MoveToOuter(SymmetricInfoNCE.loss(logits));
    }

    /// <summary>Frames as the vision tower takes them: uint8 cache frames normalised (padded slots 0), float frames as they are (what <see cref="CLIP.encode_frames"/> does inside).</summary>
    public static Tensor NormalizedFrames(Tensor video, Tensor video_mask) =>
        video.dtype == ScalarType.Byte ? ClipImageNormalization.Apply(video, video_mask) : video.alias();

    /// <inheritdoc/>
    /// <remarks>The sentence vector is CLIP's EOT feature; all token features are kept for token-wise heads (DRL).</remarks>
    EncodedText IRetrievalModel.encode_text(Tensor input_ids, Tensor text_mask)
    {
        using var scope = NewDisposeScope();
        var features = encode_text(input_ids);
        return new EncodedText(scope.MoveToOuter(features.Sentence), scope.MoveToOuter(features.Tokens), scope.MoveToOuter(text_mask.alias()));
    }

    /// <inheritdoc/>
    EncodedVideo IRetrievalModel.encode_video(Tensor video, Tensor video_mask)
    {
        using var scope = NewDisposeScope();
        var frames = encode_video(video, video_mask);
        return new EncodedVideo(scope.MoveToOuter(frames), scope.MoveToOuter(video_mask.alias()));
    }

    /// <inheritdoc/>
    Tensor IRetrievalModel.similarity(EncodedText text, EncodedVideo video) => similarity(text.sentence, video.frames, video.video_mask);

    /// <summary>CLIP's weights (<c>clip.*</c>) are pretrained and train at lr × coef_lr; the heads' are new.</summary>
    public bool is_pretrained(string name) => name.StartsWith("clip.", StringComparison.Ordinal);

    /// <summary>Clamps the logit scale at ln 100 after each optimiser step (CLIP4Clip's main_task_retrieval.py train_epoch).</summary>
    public void after_step() => clamp_logit_scale_();
}
