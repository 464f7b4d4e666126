using System.Text;
using TvrLab.Torch;
using TvrLab.Video;

namespace TvrLab.Data.Cache;

/// <summary>Progress of a cache build: videos finished (cached or bad) of those to do this run.</summary>
public readonly record struct FrameCacheProgress(int Done, int Total, int Bad, string LastVideo);

/// <summary>
/// What a build did: videos cached by this run, cached by an earlier interrupted run (resumed), bad (with causes) and
/// missing; <see cref="AlreadyComplete"/> when the cache was there already.
/// </summary>
public sealed record FrameCacheReport(string IndexPath, int Cached, int Resumed, IReadOnlyList<BadVideo> Bad, IReadOnlyList<string> Missing, bool AlreadyComplete)
{
    /// <summary>The tab-separated report of the bad and missing videos (video_id, path, cause) beside the index.</summary>
    public string ReportPath => IndexPath[..^".index.json".Length] + ".bad.tsv";
}

/// <summary>
/// Builds the frame cache of one split: every video decoded and sampled once, in parallel, into uint8 frames resized to
/// the model's input (normalisation happens at load time). Each finished video is written to its own part file
/// (temporary name, then rename), so an interrupted build resumes where it stopped and never leaves a half-written
/// record; bad videos are recorded with their cause, not fatal. When every video is done the parts are packed into
/// <c>&lt;split&gt;.frames</c> (one memory-mappable file) and <c>&lt;split&gt;.index.json</c>, and a
/// <c>&lt;split&gt;.bad.tsv</c> report is written.
/// </summary>
public static class FrameCacheBuilder
{
    /// <param name="overwrite">Replace a cache (or unfinished build) of this split made with other settings or videos.</param>
    /// <param name="progress">Called from worker threads after each video.</param>
    public static FrameCacheReport Build(VideoTextDataset dataset, string dir, FrameCacheOptions options,
        Action<FrameCacheProgress>? progress = null, bool overwrite = false, CancellationToken cancel = default)
    {
        var split = FileSafe(dataset.Split);
        Directory.CreateDirectory(dir);
        var duplicate = dataset.Videos.GroupBy(v => v.Id).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new ArgumentException($"dataset {dataset.Name}/{dataset.Split}: video id {duplicate.Key} appears {duplicate.Count()} times");
        foreach (var v in dataset.Videos) options.SamplerFor(v); // a window the sampling cannot take fails here, before any work

        var fingerprint = CacheFiles.Fingerprint(dataset, options);
        var indexPath = CacheFiles.IndexPath(dir, split);
        var building = CacheFiles.BuildDir(dir, split);
        if (File.Exists(indexPath) && !Directory.Exists(building))
        {
            var existing = CacheFiles.ReadJson<FrameCacheIndex>(indexPath);
            if (existing.Fingerprint == fingerprint)
                return new FrameCacheReport(indexPath, existing.Videos.Count, existing.Videos.Count, existing.Bad, existing.Missing, AlreadyComplete: true);
            if (!overwrite) throw new InvalidOperationException($"{indexPath}: a cache built with other settings or videos ({existing.Settings}); overwrite it to rebuild");
        }
        PrepareBuildFolder(building, fingerprint, options, overwrite);

        // Work: every video with a file whose part (or bad mark) is not there yet.
        var missing = dataset.Videos.Where(v => v.Path is null).Select(v => v.Id).ToList();
        var todo = Enumerable.Range(0, dataset.Videos.Count)
            .Where(r => dataset.Videos[r].Path is not null && !File.Exists(CacheFiles.PartPath(building, r)) && !File.Exists(CacheFiles.BadPath(building, r)))
            .ToList();
        int resumed = Enumerable.Range(0, dataset.Videos.Count).Count(r => File.Exists(CacheFiles.PartPath(building, r)));
        int done = 0, bad = 0;
        Parallel.ForEach(todo, new ParallelOptions { MaxDegreeOfParallelism = options.Workers, CancellationToken = cancel }, record =>
        {
            var video = dataset.Videos[record];
            bool ok = CacheOne(video, record, building, options, cancel);
            int d = Interlocked.Increment(ref done), b = ok ? Volatile.Read(ref bad) : Interlocked.Increment(ref bad);
            progress?.Invoke(new FrameCacheProgress(d, todo.Count, b, video.Id));
        });
        cancel.ThrowIfCancellationRequested();

        var index = Pack(dataset, dir, split, building, options, fingerprint, missing);
        return new FrameCacheReport(indexPath, index.Videos.Count - resumed, resumed, index.Bad, index.Missing, AlreadyComplete: false);
    }

    /// <summary>Decodes, samples and stores one video; a bad video leaves a .bad mark with its cause. False when bad.</summary>
    static bool CacheOne(VideoEntry video, int record, string building, FrameCacheOptions options, CancellationToken cancel)
    {
        try
        {
            using var clip = ClipReader.Read(video.Path!, options.SamplerFor(video), options.Preprocessing, cancel: cancel);
            var entry = new CachedVideo(video.Id, clip.Sample.ValidCount, clip.Sample.FrameIndices, clip.Sample.Times,
                clip.Probe.DisplayWidth, clip.Probe.DisplayHeight, clip.Probe.Duration, clip.Warnings.ToArray());
            unsafe
            {
                var bytes = new ReadOnlySpan<byte>((void*)clip.Frames.data_ptr(), checked((int)clip.Frames.numel()));
                CacheFiles.WritePart(CacheFiles.PartPath(building, record), entry, bytes);
            }
            return true;
        }
        catch (Exception e) when (e is VideoException or TorchException)
        {
            var cause = e is VideoException v ? v.Cause : e.Message;
            CacheFiles.WriteJsonAtomic(CacheFiles.BadPath(building, record), new BadVideo(video.Id, video.Path, cause));
            return false;
        }
    }

    static void PrepareBuildFolder(string building, string fingerprint, FrameCacheOptions options, bool overwrite)
    {
        var stamp = Path.Combine(building, "build.json");
        if (Directory.Exists(building))
        {
            var started = File.Exists(stamp) ? CacheFiles.ReadJson<BuildStamp>(stamp) : null;
            if (started?.Fingerprint == fingerprint) return;  // resume
            if (started is not null && !overwrite)
                throw new InvalidOperationException($"{building}: an unfinished build with other settings or videos ({started.Settings}); overwrite it to start again");
            Directory.Delete(building, recursive: true);
        }
        Directory.CreateDirectory(building);
        CacheFiles.WriteJsonAtomic(stamp, new BuildStamp(fingerprint, options.Describe()));
    }

    sealed record BuildStamp(string Fingerprint, string Settings);

    /// <summary>Packs the parts in dataset order into the frames file, then writes the index and the report, then removes the parts.</summary>
    static FrameCacheIndex Pack(VideoTextDataset dataset, string dir, string split, string building, FrameCacheOptions options,
        string fingerprint, List<string> missing)
    {
        var index = new FrameCacheIndex
        {
            Dataset = dataset.Name, Split = dataset.Split, Fingerprint = fingerprint, Settings = options.Describe(),
            Length = options.Length, Size = options.Preprocessing.Size, Videos = [], Missing = missing,
        };
        CacheFiles.WriteAtomic(CacheFiles.FramesPath(dir, split), frames =>
        {
            for (int r = 0; r < dataset.Videos.Count; r++)
            {
                if (File.Exists(CacheFiles.PartPath(building, r)))
                    index.Videos.Add(CacheFiles.ReadPart(CacheFiles.PartPath(building, r), index.RecordBytes, frames));
                else if (File.Exists(CacheFiles.BadPath(building, r)))
                    index.Bad.Add(CacheFiles.ReadJson<BadVideo>(CacheFiles.BadPath(building, r)));
            }
        });
        CacheFiles.WriteAtomic(CacheFiles.ReportPath(dir, split), s =>
        {
            var report = new StringBuilder("video_id\tpath\tcause\n");
            foreach (var b in index.Bad) report.Append($"{b.Id}\t{b.Path}\t{b.Cause}\n");
            foreach (var m in index.Missing) report.Append($"{m}\t\tvideo file not found\n");
            s.Write(Encoding.UTF8.GetBytes(report.ToString()));
        });
        CacheFiles.WriteJsonAtomic(CacheFiles.IndexPath(dir, split), index);
        Directory.Delete(building, recursive: true);
        return index;
    }

    /// <summary>A split name as a file name: letters, digits, '.', '-', '_'; anything else becomes '_'.</summary>
    internal static string FileSafe(string name) =>
        new(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray());
}
