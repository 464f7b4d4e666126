using System.Text;

namespace TvrLab.Data.Synth;

/// <summary>
/// Independent, reproducible random streams: every family, video and purpose gets its own System.Random seeded from
/// (dataset seed, stream name, index) through SplitMix64, so a video's content never depends on thread timing.
/// </summary>
public static class Seeds
{
    /// <summary>The seed of stream <paramref name="stream"/> number <paramref name="index"/> of dataset seed <paramref name="seed"/>.</summary>
    public static int Derive(int seed, string stream, int index)
    {
        // FNV-1a of the stream name: string.GetHashCode is randomised per process, this is not.
        ulong h = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(stream)) h = (h ^ b) * 1099511628211UL;
        var z = Mix((ulong)(uint)seed ^ Mix(h ^ Mix((ulong)(uint)index)));
        return (int)(z & 0x7FFFFFFF);
    }

    /// <summary>A new System.Random for the stream (its seeded algorithm is fixed across .NET versions).</summary>
    public static Random Stream(int seed, string stream, int index) => new(Derive(seed, stream, index));

    // SplitMix64 finaliser (Steele, Lea, Flood 2014).
    static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>A uniformly chosen element.</summary>
    internal static T Pick<T>(this Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];

    /// <summary>A uniform double in [lo, hi).</summary>
    internal static double Uniform(this Random rng, double lo, double hi) => lo + (hi - lo) * rng.NextDouble();

    /// <summary>True with probability p.</summary>
    internal static bool Chance(this Random rng, double p) => rng.NextDouble() < p;

    /// <summary>An index drawn with the given non-negative weights.</summary>
    internal static int Weighted(this Random rng, IReadOnlyList<double> weights)
    {
        var r = rng.NextDouble() * weights.Sum();
        for (var i = 0; i < weights.Count; i++)
            if ((r -= weights[i]) < 0) return i;
        return weights.Count - 1;
    }
}
