namespace SoHoa.TestData.Generator.Content;

/// <summary>
/// A small SplitMix64 generator. Unlike <see cref="Random"/>, whose seeded algorithm is an
/// implementation detail of the runtime, its sequence is fixed forever, so the same seed gives the
/// same documents on every .NET version.
/// </summary>
internal sealed class SeededRandom
{
    private ulong _state;

    public SeededRandom(ulong seed) => _state = seed;

    /// <summary>Derives an independent generator, so that parallel work does not share one sequence.</summary>
    public static SeededRandom For(ulong seed, string purpose, int index)
    {
        ulong hash = 14695981039346656037UL; // FNV-1a over the purpose, then mixed with seed and index.
        foreach (char c in purpose)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return new SeededRandom(Mix(seed ^ Mix(hash + (ulong)index)));
    }

    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>A value in [0, exclusiveMax).</summary>
    public int Next(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(exclusiveMax);
        return (int)(NextUInt64() % (ulong)exclusiveMax);
    }

    /// <summary>A value in [min, max] (both inclusive).</summary>
    public int Between(int min, int max)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(min, max);
        return min + Next(max - min + 1);
    }

    public bool Chance(int percent) => Next(100) < percent;

    public T Pick<T>(IReadOnlyList<T> items)
    {
        ArgumentOutOfRangeException.ThrowIfZero(items.Count);
        return items[Next(items.Count)];
    }

    public DateOnly DateBetween(DateOnly first, DateOnly last) =>
        first.AddDays(Next(last.DayNumber - first.DayNumber + 1));

    /// <summary>A non-negative 31-bit value, handy as an ImageMagick <c>-seed</c>.</summary>
    public int NextSeed() => (int)(NextUInt64() >> 33);

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
