using TvrLab.Torch;

namespace TvrLab.Data.Loading;

/// <summary>
/// One collated batch of B text-video pairs, the contract between the loader and the trainer/evaluator
/// (CLIP4Clip's dataloaders yield the same five things: pairs_text, pairs_mask, video, video_mask, plus the indices).
/// The batch owns its tensors; dispose it when the step is done.
/// </summary>
/// <param name="input_ids">Token ids [B, L] int64: SOT, tokens, EOT, zero padding (CLIP4Clip's max_words encoding).</param>
/// <param name="text_mask">Attention mask [B, L] int64: 1 on real tokens (SOT..EOT), 0 on padding.</param>
/// <param name="video">Frames [B, T, 3, S, S]: uint8 as cached (normalise with <c>ClipImageNormalization</c> on the device),
/// or float32 already normalised with CLIP's mean and std.</param>
/// <param name="video_mask">Frame mask [B, T] int64: 1 on real frames, 0 on padded slots.</param>
/// <param name="video_index">For each row, the index of its video in the split's video list (ground truth for evaluation).</param>
/// <param name="caption_index">For each row, the index of its caption in the split's caption list.</param>
public sealed record VideoTextBatch(Tensor input_ids, Tensor text_mask, Tensor video, Tensor video_mask,
                                    int[] video_index, int[] caption_index) : IDisposable
{
    /// <summary>Rows in the batch (B).</summary>
    public int Count => video_index.Length;

    /// <summary>Moves every tensor to <paramref name="device"/> (non_blocking when the source is pinned); disposes the originals.</summary>
    public VideoTextBatch to(Device device, bool non_blocking = false)
    {
        if (input_ids.device == device) return this;
        var moved = new VideoTextBatch(input_ids.to(device, non_blocking: non_blocking), text_mask.to(device, non_blocking: non_blocking),
            video.to(device, non_blocking: non_blocking), video_mask.to(device, non_blocking: non_blocking), video_index, caption_index);
        Dispose();
        return moved;
    }

    public void Dispose()
    {
        input_ids.Dispose();
        text_mask.Dispose();
        video.Dispose();
        video_mask.Dispose();
    }
}
