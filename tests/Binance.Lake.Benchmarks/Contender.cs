namespace Binance.Lake.Benchmarks;

/// <summary>One side of a comparison: its runs, and where its newest output is.</summary>
internal sealed class Contender(string label, string name)
{
    private readonly List<(string Output, string Folder)> _outputs = [];

    public string Label => label;
    public string Name => name;
    public List<Measured> Runs { get; } = [];
    public Measured Best => Runs.MinBy(r => r.Seconds)!;
    public double PeakMiB => Runs.Max(r => r.PeakMiB);
    public string Output => _outputs[^1].Output;

    /// <summary>A run, with its output and the folder that holds everything it wrote.</summary>
    public void Add(Measured run, string output, string folder)
    {
        Runs.Add(run);
        _outputs.Add((output, folder));
    }

    /// <summary>Deletes every output but the newest (disk): that one is verified after the runs.</summary>
    public void DropOlderOutputs()
    {
        foreach (var (_, folder) in _outputs.Take(_outputs.Count - 1).Where(o => Directory.Exists(o.Folder)))
            Directory.Delete(folder, recursive: true);
    }
}
