using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Binance.Lake.Tests.Support;

namespace Binance.Lake.Tests.Notebooks;

/// <summary>
/// The committed notebooks, checked as files: executing them needs Jupyter and the .NET Interactive tool, which CI
/// does not have (notebooks/run.sh renders them). What is checked is what a reader of the committed file relies on.
/// </summary>
public sealed partial class NotebookTests
{
    private static readonly string Folder = Path.Combine(RepositoryPaths.Root, "notebooks");

    public static TheoryData<string> Notebooks() =>
        [.. Directory.GetFiles(Folder, "*.ipynb").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    [Fact]
    public void There_is_a_notebook_to_open_first() =>
        Assert.True(File.Exists(Path.Combine(Folder, "01-trades-first-look.ipynb")));

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Is_a_csharp_notebook(string name)
    {
        using var notebook = Read(name);
        var root = notebook.RootElement;

        Assert.Equal(4, root.GetProperty("nbformat").GetInt32());
        Assert.Equal(".net-csharp", root.GetProperty("metadata").GetProperty("kernelspec").GetProperty("name").GetString());
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Every_code_cell_was_run_and_rendered_without_an_error(string name)
    {
        using var notebook = Read(name);

        foreach (var cell in CodeCells(notebook))
        {
            var outputs = cell.GetProperty("outputs").EnumerateArray().ToList();
            Assert.True(cell.GetProperty("execution_count").ValueKind == JsonValueKind.Number, $"{name}: a cell was not executed:\n{Source(cell)}");
            Assert.True(outputs.Count > 0, $"{name}: a cell has no output:\n{Source(cell)}");
            Assert.DoesNotContain(outputs, output => output.GetProperty("output_type").GetString() == "error");
        }
        Assert.Contains(CodeCells(notebook).SelectMany(cell => cell.GetProperty("outputs").EnumerateArray()),
            output => output.TryGetProperty("data", out var data) && data.TryGetProperty("image/png", out _));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void No_output_carries_the_kernels_bootstrap_script(string name)
    {
        // It lists the rendering machine's network addresses; run.sh drops it.
        using var notebook = Read(name);

        Assert.DoesNotContain(CodeCells(notebook), cell => cell.GetProperty("outputs").GetRawText().Contains("probeAddresses", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void Reads_only_the_settings_the_readme_documents(string name)
    {
        var documented = DocumentedSetting().Matches(File.ReadAllText(Path.Combine(Folder, "README.md"))).Select(m => m.Groups[1].Value).ToHashSet();
        using var notebook = Read(name);

        var read = CodeCells(notebook).SelectMany(cell => SettingRead().Matches(Source(cell))).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.NotEmpty(read);
        Assert.Subset(documented, read);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void References_duckdb_at_the_projects_version(string name)
    {
        var version = XDocument.Load(Path.Combine(RepositoryPaths.Root, "Directory.Packages.props")).Descendants("PackageVersion")
            .Single(p => (string?)p.Attribute("Include") == "DuckDB.NET.Data.Full").Attribute("Version")!.Value;
        using var notebook = Read(name);

        var referenced = CodeCells(notebook).SelectMany(cell => DuckDbReference().Matches(Source(cell))).Select(m => m.Groups[1].Value).ToList();

        Assert.All(referenced, v => Assert.Equal(version, v));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void References_our_assemblies_where_the_cli_script_builds_them(string name)
    {
        var script = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "binance-lake"));
        var build = Path.GetDirectoryName(Path.Combine(RepositoryPaths.Root, CliDll().Match(script).Groups[1].Value))!;
        using var notebook = Read(name);

        var assemblies = CodeCells(notebook).SelectMany(cell => FileReference().Matches(Source(cell))).Select(m => Path.GetFullPath(Path.Combine(Folder, m.Groups[1].Value))).ToList();

        Assert.NotEmpty(assemblies);
        Assert.All(assemblies, path => Assert.Equal(build, Path.GetDirectoryName(path)));
    }

    private static JsonDocument Read(string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name)));

    private static IEnumerable<JsonElement> CodeCells(JsonDocument notebook) =>
        notebook.RootElement.GetProperty("cells").EnumerateArray().Where(cell => cell.GetProperty("cell_type").GetString() == "code");

    /// <summary>A cell's source: nbformat allows one string or a list of lines.</summary>
    private static string Source(JsonElement cell) => cell.GetProperty("source") switch
    {
        { ValueKind: JsonValueKind.Array } lines => string.Concat(lines.EnumerateArray().Select(line => line.GetString())),
        var text => text.GetString() ?? "",
    };

    [GeneratedRegex(@"^\| `([A-Z][A-Z0-9_]*)` \|", RegexOptions.Multiline)]
    private static partial Regex DocumentedSetting();

    [GeneratedRegex(@"\b(?:Setting|DaySetting|GetEnvironmentVariable)\(""([^""]+)""")]
    private static partial Regex SettingRead();

    [GeneratedRegex(@"#r ""nuget:\s*DuckDB\.NET\.Data\.Full,\s*([^""]+)""")]
    private static partial Regex DuckDbReference();

    [GeneratedRegex(@"#r ""(?!nuget:)([^""]+\.dll)""")]
    private static partial Regex FileReference();

    [GeneratedRegex(@"dll=""\$here/([^""]+)""")]
    private static partial Regex CliDll();
}
