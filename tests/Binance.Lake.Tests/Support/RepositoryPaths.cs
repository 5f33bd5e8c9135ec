namespace Binance.Lake.Tests.Support;

/// <summary>Finds the repository and the shared fixtures beside it, wherever the tests run from.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary><c>../shared/fixtures</c> next to the repository, as CI lays it out.</summary>
    public static string Fixtures => Path.GetFullPath(Path.Combine(Root, "..", "shared", "fixtures"));

    public static string Fixture(string relative) => Path.Combine(Fixtures, relative);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Binance.Lake.sln")))
                return dir.FullName;
        throw new InvalidOperationException("Binance.Lake.sln not found above " + AppContext.BaseDirectory);
    }
}
