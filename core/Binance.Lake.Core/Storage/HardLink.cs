using System.Runtime.InteropServices;

namespace Binance.Lake.Core.Storage;

/// <summary>
/// link(2): creates a second name for a file, or fails with EEXIST if the name exists, in one atomic step
/// on every POSIX file system. It is what put-if-absent needs. File.Move without overwrite is not enough:
/// where the kernel or file system lacks renameat2(RENAME_NOREPLACE) (overlay file systems in containers),
/// .NET falls back to check-then-rename, and two concurrent creators can both "win".
/// </summary>
internal static class HardLink
{
    private const int EEXIST = 17;

    /// <summary>Gives <paramref name="existing"/> the new name <paramref name="target"/>; false when the target exists.</summary>
    public static bool TryCreate(string existing, string target)
    {
        if (link(existing, target) == 0)
            return true;
        var errno = Marshal.GetLastPInvokeError();
        return errno == EEXIST
            ? false
            : throw new IOException($"Cannot create '{target}': link(2) failed with errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)}).");
    }

#pragma warning disable SYSLIB1054 // DllImport keeps the project free of unsafe code; this is not a hot path.
    [DllImport("libc", SetLastError = true)]
    private static extern int link(string existing, string target);
#pragma warning restore SYSLIB1054
}
