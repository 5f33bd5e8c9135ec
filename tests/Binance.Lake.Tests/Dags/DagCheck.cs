using System.Text.Json;
using System.Text.Json.Serialization;
using Binance.Lake.Tests.Support;

namespace Binance.Lake.Tests.Dags;

/// <summary>
/// What Airflow would run, as <c>tools/dagcheck/check_dags.py</c> reads it from <c>dags/</c> without Airflow: DAGs,
/// tasks, dependencies, and every command line rendered with sample Variables, Connections and params.
/// </summary>
internal sealed record DagCheck(Dictionary<string, string> Variables, string Connection, List<DagInfo> Dags)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static string DagsFolder => Path.Combine(RepositoryPaths.Root, "dags");

    public static async Task<DagCheck> RunAsync(DagSamples samples)
    {
        using var folder = new TempFolder();
        var samplesFile = Path.Combine(folder.Path, "samples.json");
        await File.WriteAllTextAsync(samplesFile, JsonSerializer.Serialize(samples, Json));
        var (code, stdout, stderr) = await CliProcess.RunProgramAsync("python3",
            ["-B", Path.Combine(RepositoryPaths.Root, "tools", "dagcheck", "check_dags.py"), DagsFolder, samplesFile]);
        Assert.True(code == 0, $"check_dags.py exited {code}: {stderr}");
        return JsonSerializer.Deserialize<DagCheck>(stdout, Json)!;
    }

    public DagInfo Dag(string dagId) => Assert.Single(Dags, d => d.DagId == dagId);
}

/// <summary>Sample configuration for rendering: Variables, Connections (field → value), params sets per DAG id.</summary>
internal sealed record DagSamples(
    Dictionary<string, string> Variables,
    Dictionary<string, Dictionary<string, object?>> Connections,
    Dictionary<string, List<Dictionary<string, string>>> Params);

internal sealed record DagInfo(
    string File,
    string DagId,
    JsonElement Schedule,
    bool? Catchup,
    int? MaxActiveRuns,
    Dictionary<string, JsonElement> Params,
    List<DagTask> Tasks,
    List<string[]> Edges,
    List<DagRun> Runs)
{
    public DagTask Task(string taskId) => Assert.Single(Tasks, t => t.TaskId == taskId);

    /// <summary>Whether <paramref name="before"/> is upstream of <paramref name="after"/>, directly or through other tasks.</summary>
    public bool Precedes(string before, string after)
    {
        var reached = new HashSet<string> { before };
        for (var grew = true; grew;)
        {
            grew = false;
            foreach (var edge in Edges)
                grew |= reached.Contains(edge[0]) && reached.Add(edge[1]);
        }
        return reached.Contains(after) && before != after;
    }
}

internal sealed record DagTask(
    string TaskId,
    string Operator,
    string TriggerRule,
    int Retries,
    List<string> Outlets,
    Dictionary<string, string>? Templates);

internal sealed record DagRun(
    Dictionary<string, JsonElement> Params,
    List<DagCommand> Commands,
    List<string> Variables,
    List<string> Connections)
{
    public DagCommand Command(string taskId) => Assert.Single(Commands, c => c.TaskId == taskId);
}

/// <summary>One command a task runs: the CLI arguments, the whole bash line, and the environment it adds.</summary>
internal sealed record DagCommand(
    string TaskId,
    string[] Argv,
    string Bash,
    Dictionary<string, string> Env)
{
    [JsonIgnore]
    public string Subcommand => Argv[0];

    /// <summary>Runs the line as the BashOperator would: bash -c, the task's environment over the worker's.</summary>
    public Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(IReadOnlyDictionary<string, string>? overrides = null) =>
        CliProcess.RunProgramAsync("bash", ["-c", Bash],
            overrides is null ? Env : Env.Concat(overrides).GroupBy(e => e.Key).ToDictionary(g => g.Key, g => g.Last().Value));
}
