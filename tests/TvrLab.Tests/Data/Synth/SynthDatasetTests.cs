using System.Text.Json;
using TvrLab.Data.Synth;
using TvrLab.Testing;

namespace TvrLab.Tests.Data.Synth;

/// <summary>The dataset before any pixel: determinism, preset counts, hard-negative families and caption meanings.</summary>
public sealed class SynthDatasetTests
{
    static readonly Lazy<SynthDataset> Small = new(() => SynthDataset.Build(SynthOptions.Small));

    static Dictionary<string, string> AnnotationHashes(SynthOptions options)
    {
        var dir = TestPaths.NewTempDir("synth-ann");
        try
        {
            SynthFiles.WriteAnnotations(SynthDataset.Build(options), dir);
            return SynthFiles.Annotations.ToDictionary(f => f, f => SynthFiles.Sha256(Path.Combine(dir, f)));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void SameSeedGivesByteIdenticalAnnotationFilesAndAnotherSeedChangesEveryFile()
    {
        var a = AnnotationHashes(SynthOptions.Tiny);
        var b = AnnotationHashes(SynthOptions.Tiny);
        var c = AnnotationHashes(SynthOptions.Tiny with { Seed = 1 });
        Assert.Equal(a, b);
        // The training list only names video0..video79, whatever the seed; every other file changes.
        Assert.All(SynthFiles.Annotations.Except([SynthFiles.Train]), f => Assert.NotEqual(a[f], c[f]));
        Assert.Equal(6, a.Count);
    }

    /// <summary>
    /// Pins the tiny preset's text: any change to the sampler, the grammar or the files changes these hashes, and
    /// must come with a new <see cref="SynthDataset.GeneratorVersion"/> (datasets on disk would no longer match).
    /// Also catches a platform or .NET version whose seeded System.Random or JSON output differs.
    /// </summary>
    [Fact]
    public void TinyPresetAnnotationsMatchThePinnedHashesOfThisGeneratorVersion()
    {
        var hashes = AnnotationHashes(SynthOptions.Tiny);
        Assert.Equal("TvrLab.Data.Synth 1.0", SynthDataset.GeneratorVersion);
        Assert.Equal(PinnedTiny, hashes[SynthFiles.GroundTruth]);
    }

    const string PinnedTiny = "5a59aae65482d297df42d779f6e9d469af455303963f5364c97f71c8f0de3f77";

    [Theory]
    [InlineData("tiny", 100, 20, 64, 20)]
    [InlineData("small", 1000, 200, 112, 48)]
    [InlineData("full", 10000, 1000, 224, 96)]
    public void PresetsHaveTheirCountsSplitsAndUniqueVideos(string preset, int videos, int test, int side, int frames)
    {
        var o = SynthOptions.FromPreset(preset);
        var d = preset == "small" ? Small.Value : SynthDataset.Build(o);
        Assert.Equal((videos, test, side, side, frames), (d.Entries.Count, d.Entries.Count(e => e.Video.Split == "test"), o.Width, o.Height, o.FrameCount));
        // Training videos first, then test, ids video0.. in order; families never straddle the split.
        Assert.Equal(Enumerable.Range(0, videos).Select(i => $"video{i}"), d.Entries.Select(e => e.Video.Id));
        Assert.All(d.Entries.Take(videos - test), e => Assert.Equal("train", e.Video.Split));
        Assert.All(d.Entries.GroupBy(e => e.Video.Family), g => Assert.Single(g.Select(e => e.Video.Split).Distinct()));
        Assert.Equal(videos, d.Entries.Select(e => e.Video.Key).Distinct().Count());
        // Every shot lasts at least MinShotSeconds and the shots tile the video.
        var minFrames = (int)Math.Ceiling(o.MinShotSeconds * o.Fps);
        foreach (var v in d.Entries.Select(e => e.Video))
        {
            Assert.InRange(v.Shots.Count, 1, o.ShotLimit);
            Assert.Equal(frames, v.FrameCount);
            Assert.All(v.Shots, s => Assert.True(s.FrameCount >= minFrames));
            Assert.All(v.Shots.Zip(v.Shots.Skip(1)), p => Assert.Equal(p.First.FirstFrame + p.First.FrameCount, p.Second.FirstFrame));
            foreach (var s in v.Shots)
            {
                var colours = s.Objects.SelectMany(x => x.ColourAfter is { } a ? new[] { x.Colour, a } : [x.Colour]).Append(s.Background).ToList();
                Assert.Equal(colours.Count, colours.Distinct().Count()); // one colour, one thing: captions name things by colour
                Assert.DoesNotContain(s.Objects, x => x.Motion == SynthMotion.Rotating && !Lexicon.RotationVisible(x.Shape));
            }
        }
        // Every shot count, motion, shape, colour and variant kind occurs.
        Assert.Equal(o.ShotLimit, d.Entries.Max(e => e.Video.Shots.Count));
        var objects = d.Entries.SelectMany(e => e.Video.Shots).SelectMany(s => s.Objects).ToList();
        Assert.Equal(Enum.GetValues<SynthMotion>().Length, objects.Select(x => x.Motion).Distinct().Count());
        Assert.Equal(Enum.GetValues<SynthShape>().Length, objects.Select(x => x.Shape).Distinct().Count());
        Assert.Equal(Enum.GetValues<SynthColour>().Length, objects.Select(x => x.Colour).Distinct().Count());
        Assert.Equal(o.ShotLimit > 1 ? 5 : 4, d.Entries.Select(e => e.Video.DiffersIn).OfType<VariantKind>().Distinct().Count());
        Assert.True(d.Entries.Count(e => e.Video.DiffersIn is not null) > videos / 2, "most videos should have a hard negative in their family");
        // A query may also fit a test video that contains the query's whole video (a one-shot video inside a longer
        // one); that stays rare.
        Assert.InRange(d.AmbiguousTestQueries, 0, test / 100);
    }

    [Fact]
    public void EachVariantDiffersFromItsBaseInExactlyTheDeclaredAttribute()
    {
        var d = Small.Value;
        foreach (var e in d.Entries.Where(e => e.Video.VariantOf is not null))
        {
            var (v, b) = (e.Video, d.Entries[e.Video.VariantOf!.Value].Video);
            Assert.Equal(b.Family, v.Family);
            Assert.Null(b.DiffersIn);
            if (v.DiffersIn == VariantKind.Order)
            {
                Assert.Equal(b.Shots.Select(s => s.Key).Order(), v.Shots.Select(s => s.Key).Order());
                Assert.NotEqual(b.Shots.Select(s => s.Key), v.Shots.Select(s => s.Key));
                continue;
            }
            var changed = v.Shots.Select((s, i) => (s, b: b.Shots[i])).Where(p => p.s.Key != p.b.Key).ToList();
            var (vs, bs) = Assert.Single(changed);
            Assert.Equal(bs.FirstFrame, vs.FirstFrame);
            var objectPairs = vs.Objects.Zip(bs.Objects).ToList();
            switch (v.DiffersIn)
            {
                case VariantKind.Background:
                    Assert.NotEqual(bs.Background, vs.Background);
                    Assert.Equal(bs.Objects, vs.Objects);
                    break;
                case VariantKind.Colour:
                    var (cv, cb) = Assert.Single(objectPairs, p => p.First != p.Second);
                    Assert.Equal(cb with { Colour = cv.Colour }, cv); // same trajectory, only the colour differs
                    break;
                case VariantKind.Shape:
                    var (sv, sb) = Assert.Single(objectPairs, p => p.First != p.Second);
                    Assert.Equal(sb with { Shape = sv.Shape }, sv);
                    break;
                case VariantKind.Motion:
                    Assert.Single(objectPairs, p => p.First.Motion != p.Second.Motion);
                    Assert.All(objectPairs, p => Assert.Equal((p.Second.Shape, p.Second.Colour, p.Second.ColourAfter, p.Second.Size), (p.First.Shape, p.First.Colour, p.First.ColourAfter, p.First.Size)));
                    break;
            }
        }
    }

    [Fact]
    public void CaptionWordsNameExactlyWhatTheirMeaningSaysAndTheMeaningIsTrueOfTheVideo()
    {
        var d = Small.Value;
        var o = d.Settings;
        foreach (var e in d.Entries)
        {
            Assert.Equal(o.CaptionsPerVideo, e.Captions.Count);
            Assert.Equal(e.Captions.Count, e.Captions.Select(c => c.Text).Distinct().Count());
            var global = e.Captions.Count(c => c.Scope == CaptionScope.Video);
            Assert.Equal(e.Video.Shots.Count == 1 ? o.CaptionsPerVideo : (int)Math.Round(o.GlobalCaptionShare * o.CaptionsPerVideo), global);
            foreach (var c in e.Captions)
            {
                Assert.True(c.Describes(e.Video), $"{e.Video.Id}: '{c.Text}' is not true of its video");
                Assert.Matches("^[a-z ]+$", c.Text); // MSR-VTT style: lower case, no punctuation
                var mentions = c.Clauses.SelectMany(x => x.Objects).ToList();
                Assert.Equal(mentions.Select(m => m.Colour).Concat(mentions.Select(m => m.ColourAfter).OfType<SynthColour>())
                    .Concat(c.Clauses.Select(x => x.Background).OfType<SynthColour>()).ToHashSet(), Lexicon.ColoursIn(c.Text).ToHashSet());
                Assert.Equal(mentions.Select(m => m.Shape).ToHashSet(), Lexicon.ShapesIn(c.Text).ToHashSet());
                foreach (var m in mentions)
                    Assert.True(NamesMotion(c.Text, m), $"'{c.Text}' does not name the motion {m.Motion}");
            }
            if (e.TestCaption is { } q)
                Assert.DoesNotContain(d.Entries, other => other != e && other.Video.Split == "test" && q.Describes(other.Video));
        }
    }

    static bool NamesMotion(string text, ObjectMention m) =>
        CaptionGrammar.MotionPhrases[m.Motion].Any(p => text.Contains(p.Vp) || text.Contains(p.Ving))
        || m.Direction is not null && (text.Contains("diagonally") || text.Contains("corner"))
        || m.Clockwise is { } cw && (cw ? text.Contains(" clockwise") : text.Contains("counterclockwise") || text.Contains("anticlockwise"));

    [Fact]
    public void CaptionsHaveParaphrasesSoMatchingIsNotStringLookup()
    {
        var texts = Small.Value.Entries.SelectMany(e => e.Captions).Select(c => c.Text).ToList();
        // Synonyms of colours, shapes and motions all occur.
        foreach (var word in new[] { "scarlet", "violet", "gray", "turquoise", "disc", "rhombus", "hoop", "plus sign", "rises", "sinking", "twirls", "expands", "backdrop" })
            Assert.Contains(texts, t => $" {t} ".Contains($" {word} "));
        // A video's captions share few exact word sequences: the share of distinct texts is high across the dataset.
        Assert.True(texts.Distinct().Count() > 0.95 * texts.Count);
    }

    [Fact]
    public void SubtitlesAreWeaklyRelatedNarrationAndAuxiliaryCaptionsDescribeTheMiddleFrame()
    {
        var d = Small.Value;
        var withTrue = 0;
        foreach (var e in d.Entries)
        {
            var s = e.Subtitle;
            var shown = e.Video.Shots.SelectMany(x => x.Objects.SelectMany(o => new[] { Lexicon.Name(o.Colour), Lexicon.Name(o.Shape) }.Concat(o.ColourAfter is { } a ? [Lexicon.Name(a)] : []))
                .Append(Lexicon.Name(x.Background))).ToHashSet();
            Assert.All(s.TrueWords, w => Assert.Contains(w, shown));
            Assert.All(s.FalseWords, w => Assert.DoesNotContain(w, shown));
            // Colours heard in the subtitle are exactly its true and false words (a misheard one drops out).
            Assert.Subset(s.TrueWords.Concat(s.FalseWords).ToHashSet(), Lexicon.ColoursIn(s.Text).Select(Lexicon.Name).ToHashSet());
            Assert.DoesNotContain(e.Captions, c => c.Text == s.Text);
            if (s.TrueWords.Count > 0) withTrue++;
            Assert.Equal(e.Video.MiddleFrame, e.AuxCaption.Frame);
            Assert.Equal(e.Video.ShotAt(e.Video.MiddleFrame), e.AuxCaption.Shot);
        }
        // Weakly related: most subtitles name one true attribute, some none, and captions are never this sparse.
        Assert.InRange(withTrue / (double)d.Entries.Count, 0.7, 0.9);
    }

    [Fact]
    public void GroundTruthRoundTripsAndDeterminesTheFrames()
    {
        var d = SynthDataset.Build(SynthOptions.Tiny with { Videos = 10, TestVideos = 3 });
        var dir = TestPaths.NewTempDir("synth-gt");
        try
        {
            SynthFiles.WriteAnnotations(d, dir);
            var path = Path.Combine(dir, SynthFiles.GroundTruth);
            var loaded = SynthDataset.Load(path);
            Assert.Equal(File.ReadAllBytes(path), JsonSerializer.SerializeToUtf8Bytes(loaded, SynthDataset.Json));
            var (r1, r2) = (new Rasterizer(64, 64), new Rasterizer(64, 64));
            var (a, b) = (new byte[r1.FrameBytes], new byte[r2.FrameBytes]);
            foreach (var (x, y) in d.Entries.Zip(loaded.Entries))
                for (var f = 0; f < x.Video.FrameCount; f++)
                {
                    r1.Render(x.Video, f, a);
                    r2.Render(y.Video, f, b);
                    Assert.True(a.AsSpan().SequenceEqual(b), $"{x.Video.Id} frame {f} differs after a round trip");
                }

            File.WriteAllText(path, File.ReadAllText(path).Replace("\"split\": \"train\"", "\"split\": 3"));
            var error = Assert.Throws<InvalidDataException>(() => SynthDataset.Load(path));
            Assert.Contains(path, error.Message);
            Assert.Contains("split", error.Message);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData(nameof(SynthOptions.Width), 63, "size 63x64")]
    [InlineData(nameof(SynthOptions.TestVideos), 100, "TestVideos = 100")]
    [InlineData(nameof(SynthOptions.Fps), 2, "at least 5 frames per shot")]
    [InlineData(nameof(SynthOptions.CaptionsPerVideo), 0, "CaptionsPerVideo = 0")]
    public void BadOptionsAreRejectedNamingTheSetting(string setting, int value, string expected)
    {
        var o = setting switch
        {
            nameof(SynthOptions.Width) => SynthOptions.Tiny with { Width = value },
            nameof(SynthOptions.TestVideos) => SynthOptions.Tiny with { TestVideos = value },
            nameof(SynthOptions.Fps) => SynthOptions.Tiny with { Fps = value },
            _ => SynthOptions.Tiny with { CaptionsPerVideo = value },
        };
        Assert.Contains(expected, Assert.Throws<ArgumentException>(o.Validate).Message);
        Assert.Contains("expected tiny, small or full", Assert.Throws<ArgumentException>(() => SynthOptions.FromPreset("huge")).Message);
    }

    [Fact]
    public void SeedStreamsAreStableAndIndependent()
    {
        // Pinned: a change here changes every dataset (see the pinned tiny hashes).
        Assert.Equal(Seeds.Derive(0, "family", 0), Seeds.Derive(0, "family", 0));
        Assert.Equal(6, new[] { Seeds.Derive(0, "family", 0), Seeds.Derive(0, "family", 1), Seeds.Derive(1, "family", 0),
            Seeds.Derive(0, "captions", 0), Seeds.Derive(0, "subtitle", 0), Seeds.Derive(0, "aux", 0) }.Distinct().Count());
        Assert.Equal(PinnedSeed, Seeds.Derive(0, "family", 0));
        Assert.Equal(PinnedDraw, new Random(PinnedSeed).Next());
    }

    const int PinnedSeed = 1175675860, PinnedDraw = 582660229;
}
