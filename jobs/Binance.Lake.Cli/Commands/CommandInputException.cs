namespace Binance.Lake.Cli.Commands;

/// <summary>A value given on the command line (or in the environment) that parsing could not catch, e.g. a malformed lake URI.</summary>
internal sealed class CommandInputException(string message, Exception? inner = null) : Exception(message, inner);
