using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Binance.Lake.Cli;

/// <summary>Logs go to stderr, one line each with a UTC time, so stdout stays for results (tables, --json).</summary>
internal static class CliLogging
{
    public static ILoggerFactory Create(LogLevel minimum = LogLevel.Information) => LoggerFactory.Create(builder => builder
        .SetMinimumLevel(minimum)
        .AddFilter("Microsoft", LogLevel.Warning)
        .AddFilter("System", LogLevel.Warning)
        .AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "HH:mm:ss ";
            options.ColorBehavior = LoggerColorBehavior.Disabled;
        })
        .Services.Configure<ConsoleLoggerOptions>(options => options.LogToStandardErrorThreshold = LogLevel.Trace));
}
