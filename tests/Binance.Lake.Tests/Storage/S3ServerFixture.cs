using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Binance.Lake.Tests.Storage;

/// <summary>
/// A real S3-compatible server (s3rver + the conditional-PUT shim from tools/s3) for the whole test run,
/// with bucket "lake". It sets the standard AWS environment variables for this process, so code under test
/// reaches it through the production client factory: no test-only credentials or endpoint plumbing.
/// </summary>
public sealed partial class S3ServerFixture : IAsyncLifetime
{
    public const string Bucket = "lake";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);

    private readonly Dictionary<string, string?> _savedEnvironment = new();
    private readonly List<string> _output = new();
    private Process? _server;
    private string? _dataFolder;

    public int Port { get; private set; }

    /// <summary>The server's URL, as also put in AWS_ENDPOINT_URL_S3.</summary>
    public string Endpoint => $"http://127.0.0.1:{Port}";

    /// <summary>
    /// A lake URI under a fresh prefix each time it is read, so tests sharing the bucket never see each other's objects.
    /// </summary>
    public string LakeUri => $"s3://{Bucket}/test-{Guid.NewGuid():N}";

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose initialisation failed: do not leave a server running.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        var toolFolder = Path.Combine(FindRepoRoot(), "tools", "s3");
        if (!Directory.Exists(Path.Combine(toolFolder, "node_modules")))
            await RunNpmCiAsync(toolFolder);

        _dataFolder = Directory.CreateTempSubdirectory("s3rver-").FullName;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = toolFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // Port 0: the OS picks a free port atomically and the server reports it, so parallel runs never collide.
        foreach (var arg in new[] { "s3rver-cond.js", _dataFolder, "0", Bucket })
            start.ArgumentList.Add(arg);

        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        _server = new Process { StartInfo = start, EnableRaisingEvents = true };
        _server.OutputDataReceived += (_, e) => OnOutput(e.Data, listening);
        _server.ErrorDataReceived += (_, e) => OnOutput(e.Data, listening);
        _server.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("s3rver exited before it was ready:\n" + Output()));
        try
        {
            _server.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Could not start 'node' (is Node.js 20+ installed and on PATH?) for the S3 test server.", e);
        }
        _server.BeginOutputReadLine();
        _server.BeginErrorReadLine();

        try
        {
            Port = await listening.Task.WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"s3rver did not report 'listening' within {StartTimeout.TotalSeconds} s:\n" + Output());
        }

        SetEnvironment("AWS_ACCESS_KEY_ID", "S3RVER");
        SetEnvironment("AWS_SECRET_ACCESS_KEY", "S3RVER");
        SetEnvironment("AWS_REGION", "us-east-1");
        SetEnvironment("AWS_ENDPOINT_URL_S3", Endpoint);
        // Never let the SDK's chain probe EC2 instance metadata from a test machine.
        SetEnvironment("AWS_EC2_METADATA_DISABLED", "true");
        // The SDK caches the region it resolved; forget anything resolved before these variables existed.
        Amazon.Runtime.FallbackRegionFactory.Reset();
    }

    public Task DisposeAsync()
    {
        foreach (var (name, value) in _savedEnvironment)
            Environment.SetEnvironmentVariable(name, value);
        _savedEnvironment.Clear();

        if (_server is { } server)
        {
            try
            {
                if (!server.HasExited)
                {
                    server.Kill(entireProcessTree: true);
                    server.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
                // Exited between the check and the kill.
            }
            server.Dispose();
            _server = null;
        }

        if (_dataFolder is not null)
        {
            try
            {
                Directory.Delete(_dataFolder, recursive: true);
                _dataFolder = null;
            }
            catch (IOException)
            {
                // A temp folder left behind is not worth failing the run for.
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>The folder holding Binance.Lake.sln, found from the test binaries so any working directory works.</summary>
    public static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Binance.Lake.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException($"No Binance.Lake.sln above {AppContext.BaseDirectory}.");
    }

    private void OnOutput(string? line, TaskCompletionSource<int> listening)
    {
        if (line is null)
            return;
        lock (_output)
            _output.Add(line);
        var match = ListeningLine().Match(line);
        if (match.Success)
            listening.TrySetResult(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    private string Output()
    {
        lock (_output)
            return string.Join('\n', _output);
    }

    private void SetEnvironment(string name, string value)
    {
        if (!_savedEnvironment.ContainsKey(name))
            _savedEnvironment[name] = Environment.GetEnvironmentVariable(name);
        Environment.SetEnvironmentVariable(name, value);
    }

    private static async Task RunNpmCiAsync(string toolFolder)
    {
        var start = new ProcessStartInfo("npm")
        {
            WorkingDirectory = toolFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" })
            start.ArgumentList.Add(arg);
        using var npm = Process.Start(start) ?? throw new InvalidOperationException("Could not start npm.");
        var stdout = npm.StandardOutput.ReadToEndAsync();
        var stderr = npm.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(NpmTimeout);
        try
        {
            await npm.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            npm.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"'npm ci' in {toolFolder} did not finish within {NpmTimeout.TotalMinutes} min.");
        }
        if (npm.ExitCode != 0)
            throw new InvalidOperationException($"'npm ci' in {toolFolder} failed ({npm.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    [GeneratedRegex(@"S3rver listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}

/// <summary>Every test class that needs the S3 server joins this collection and shares one server.</summary>
[CollectionDefinition(Name)]
public sealed class S3ServerCollection : ICollectionFixture<S3ServerFixture>
{
    public const string Name = "S3 server";
}
