using TvrLab.Torch;

namespace TvrLab.Data.Loading;

/// <summary>
/// An evaluation split held in tensors (e.g. a handful of clips in a notebook, or a unit test): token ids [N, L] and
/// masks of the captions, frames [V, T, 3, S, S] (uint8 or normalised float) and masks of the videos, and each
/// caption's video. The tensors stay owned by the caller.
/// </summary>
public sealed class TensorEvalData(Tensor input_ids, Tensor text_mask, Tensor video, Tensor video_mask, int[] caption_video) : IEvalData
{
    public int[] caption_video { get; } = Check(input_ids, video, caption_video);
    public int VideoCount => (int)video.size(0);

    public IEnumerable<TextBatch> Texts(int batch_size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch_size, 1);
        for (int start = 0; start < caption_video.Length; start += batch_size)
        {
            int end = Math.Min(caption_video.Length, start + batch_size);
            yield return new TextBatch(input_ids[start..end].clone(), text_mask[start..end].clone(), Enumerable.Range(start, end - start).ToArray());
        }
    }

    public IEnumerable<VideoBatch> Videos(int batch_size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch_size, 1);
        for (int start = 0; start < VideoCount; start += batch_size)
        {
            int end = Math.Min(VideoCount, start + batch_size);
            yield return new VideoBatch(video[start..end].clone(), video_mask[start..end].clone(), Enumerable.Range(start, end - start).ToArray());
        }
    }

    static int[] Check(Tensor ids, Tensor video, int[] captionVideo)
    {
        if (ids.size(0) != captionVideo.Length)
            throw new ArgumentException($"{ids.size(0)} captions but caption_video has {captionVideo.Length} entries");
        if (captionVideo.Any(v => v < 0 || v >= video.size(0)))
            throw new ArgumentException($"caption_video must index the {video.size(0)} videos");
        return captionVideo;
    }

    public void Dispose() { }
}
