using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Binance.Lake.Tests.Support;

/// <summary>Routes the code's logs into the test's output, so a failing test shows what the run said.</summary>
public sealed class TestOutputLogger(ITestOutputHelper output) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel}: {formatter(state, exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test has already finished; a late log line from a background task has nowhere to go.
        }
    }
}
