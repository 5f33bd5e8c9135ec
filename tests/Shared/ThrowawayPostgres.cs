using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Binance.Lake.Testing;

/// <summary>
/// A PostgreSQL cluster of its own for a test run or a benchmark: initdb into a temp folder, started on a free
/// port of 127.0.0.1 with durability off (nothing here must survive a crash), stopped and deleted on dispose.
/// initdb refuses to run as root, so as root (CI) every server command runs as the postgres user via runuser.
/// Linked as source into the tests and the benchmarks, so neither depends on the other.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(1);

    private readonly string _bin;
    private readonly string _folder;
    private bool _started;

    private ThrowawayPostgres(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>Superuser connection, no password (trust), to <paramref name="database"/>.</summary>
    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database }.ConnectionString;

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var bin = FindServerBinaries();
        var folder = Directory.CreateTempSubdirectory("binance-lake-pg-").FullName;
        var cluster = new ThrowawayPostgres(bin, folder, FreePort());
        try
        {
            if (Environment.IsPrivilegedProcess)
                await RunAsync("chown", ["postgres:postgres", folder]);
            await cluster.RunServerCommandAsync("initdb", "-D", cluster.DataFolder, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync");
            await cluster.RunServerCommandAsync("pg_ctl", "-D", cluster.DataFolder, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "30",
                "-o", $"-p {cluster.Port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                "start");
            cluster._started = true;
            return cluster;
        }
        catch (Exception e)
        {
            var log = Path.Combine(folder, "server.log");
            var serverLog = File.Exists(log) ? "\nserver.log:\n" + await File.ReadAllTextAsync(log) : "";
            await cluster.DisposeAsync();
            throw new InvalidOperationException($"Could not start a throwaway PostgreSQL from {bin}: {e.Message}{serverLog}", e);
        }
    }

    /// <summary>A fresh, empty database, so tests sharing the cluster never see each other's tables.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>
    /// CPU seconds the whole server has used so far: the postmaster, its live processes, and the backends it has
    /// reaped (their time is added to its children's time), so a benchmark can charge a load its server work.
    /// </summary>
    public double ServerCpuSeconds()
    {
        var postmaster = int.Parse(File.ReadLines(Path.Combine(DataFolder, "postmaster.pid")).First(), System.Globalization.CultureInfo.InvariantCulture);
        while (true)
        {
            var before = Ticks(postmaster, withReapedChildren: true);
            var live = 0L;
            foreach (var task in Directory.GetDirectories("/proc").Select(Path.GetFileName))
                if (int.TryParse(task, out var pid) && pid != postmaster && ParentOf(pid) == postmaster)
                    live += Ticks(pid, withReapedChildren: false);
            // A backend reaped while the live ones were listed is in neither sum: read again.
            if (Ticks(postmaster, withReapedChildren: true) == before)
                return (before + live) / 100.0; // USER_HZ
        }
    }

    // /proc/PID/stat after the ")" ending the name: state ppid ... utime(14) stime(15) cutime(16) cstime(17), 1-based.
    private static string[]? StatFields(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        }
        catch (IOException)
        {
            return null; // exited meanwhile
        }
    }

    private static int? ParentOf(int pid) => StatFields(pid) is { } f ? int.Parse(f[1], System.Globalization.CultureInfo.InvariantCulture) : null;

    private static long Ticks(int pid, bool withReapedChildren)
    {
        if (StatFields(pid) is not { } f)
            return 0;
        long Field(int index) => long.Parse(f[index - 3], System.Globalization.CultureInfo.InvariantCulture);
        return Field(14) + Field(15) + (withReapedChildren ? Field(16) + Field(17) : 0);
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            _started = false;
            await RunServerCommandAsync("pg_ctl", "-D", DataFolder, "-m", "immediate", "-w", "stop");
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A temp folder left behind is not worth failing a run for.
        }
    }

    /// <summary>Debian's layout (/usr/lib/postgresql/N/bin, newest N), else initdb on PATH.</summary>
    private static string FindServerBinaries()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .FirstOrDefault(d => d.Length > 0 && File.Exists(Path.Combine(d, "initdb")));
        return debian ?? onPath ?? throw new InvalidOperationException(
            "PostgreSQL server binaries (initdb, pg_ctl) were found neither under /usr/lib/postgresql/*/bin nor on PATH. "
            + "Install them (`apt-get install -y postgresql`, as .ci/run does); the tests start their own server.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private Task RunServerCommandAsync(string program, params string[] arguments) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(_bin, program), .. arguments])
            : RunAsync(Path.Combine(_bin, program), arguments);

    private static async Task RunAsync(string program, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {program}.");
        // pg_ctl's server inherits no pipe of ours (-l), so reading to the end returns when pg_ctl exits.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', info.ArgumentList)} exited with {process.ExitCode}:\n{await stdout}{await stderr}");
    }
}
