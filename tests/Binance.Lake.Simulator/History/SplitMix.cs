namespace Binance.Lake.Simulator.History;

/// <summary>
/// Stateless splitmix64 hashing. Every random choice of the simulator is a pure function of
/// (seed, symbol, second, index), so any id range can be regenerated without storing trades.
/// </summary>
internal static class SplitMix
{
    public const ulong Golden = 0x9E3779B97F4A7C15UL;

    public static ulong Mix(ulong z)
    {
        z += Golden;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static ulong Mix(ulong a, ulong b) => Mix(a ^ Mix(b));

    /// <summary>Uniform double in [0, 1) from the top 53 bits.</summary>
    public static double Unit(ulong h) => (h >> 11) * (1.0 / (1UL << 53));

    /// <summary>FNV-1a: string.GetHashCode is randomised per process, which would break determinism.</summary>
    public static ulong HashString(string s)
    {
        ulong h = 0xCBF29CE484222325UL;
        foreach (char c in s)
        {
            h ^= c;
            h *= 0x100000001B3UL;
        }
        return Mix(h);
    }
}
