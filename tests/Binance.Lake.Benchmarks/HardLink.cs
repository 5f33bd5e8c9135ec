using System.Runtime.InteropServices;

namespace Binance.Lake.Benchmarks;

/// <summary>Gives a contender its own name for an input file without copying it, where the file system allows.</summary>
internal static class HardLink
{
    /// <summary>Hard-links <paramref name="existing"/> as <paramref name="target"/>, or copies it if linking fails.</summary>
    public static void CreateOrCopy(string existing, string target)
    {
        if (link(existing, target) != 0)
            File.Copy(existing, target);
    }

#pragma warning disable SYSLIB1054 // DllImport keeps the project free of unsafe code; this is not a hot path.
    [DllImport("libc", SetLastError = true)]
    private static extern int link(string existing, string target);
#pragma warning restore SYSLIB1054
}
