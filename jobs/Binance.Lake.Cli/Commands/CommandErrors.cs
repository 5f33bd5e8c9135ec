using System.CommandLine;
using Binance.Lake.Extract.Archive;
using Binance.Lake.Extract.Backfill;
using Binance.Lake.Extract.Live;
using Binance.Lake.Extract.RateLimiting;
using Binance.Lake.Extract.Rest;
using Binance.Lake.Serving;
using Binance.Lake.Transform.Delta;
using Microsoft.Extensions.Logging;

namespace Binance.Lake.Cli.Commands;

/// <summary>
/// One place that turns failures into a clear message and the documented exit code, so every command
/// fails the same way: what went wrong, what to do, and a code a script can act on.
/// </summary>
internal static class CommandErrors
{
    /// <summary>
    /// The action every command runs under: a logger named after the command (stderr), and <see cref="GuardAsync"/>
    /// around the work, so failures read and exit the same way everywhere.
    /// </summary>
    public static void SetGuardedAction(this Command command, Func<ParseResult, ILogger, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var logging = CliLogging.Create();
            var logger = logging.CreateLogger(command.Name);
            return await GuardAsync(logger, cancellationToken, () => action(parse, logger, cancellationToken)).ConfigureAwait(false);
        });

    private static async Task<int> GuardAsync(ILogger logger, CancellationToken cancellationToken, Func<Task<int>> command)
    {
        try
        {
            return await command().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Interrupted. Everything written so far is complete; run the same command again to resume.");
            return ExitCodes.Interrupted;
        }
        catch (Exception e) when (e is BackfillInputException or CommandInputException or LiveInputException or RateLimitException or ArchiveNameException)
        {
            logger.LogError("{Message}", e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (BinanceApiException e) when (e.Code == BinanceApiException.InvalidSymbol)
        {
            logger.LogError("{Message} Check the symbol (pairs are written like BTCUSDT).", e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (DeltaTableNotFoundException e)
        {
            logger.LogError("{Message} Check --lake / --path; the trades table appears after the first `binance-lake compact`.", e.Message);
            return ExitCodes.InvalidInput;
        }
        catch (DeltaException e)
        {
            // The message names the table, the versions and what is wrong; a stack trace would add nothing for the user.
            logger.LogError("{Message}", e.Message);
            return ExitCodes.Failed;
        }
        catch (ServingException e)
        {
            // Unreachable, refused or busy: the message names the target and what to check; a stack trace would not help.
            logger.LogError("{Message}", e.Message);
            return ExitCodes.Failed;
        }
        catch (IpBannedException e)
        {
            logger.LogError("{Message}", e.Message);
            return ExitCodes.Banned;
        }
        catch (Exception e)
        {
            logger.LogError(e, "Failed: {Message} Everything written so far is complete; run the same command again to resume.", e.Message);
            return ExitCodes.Failed;
        }
    }
}
