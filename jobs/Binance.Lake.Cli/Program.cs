using System.CommandLine;
using Binance.Lake.Cli.Commands;
using Binance.Lake.Cli.Options;
using Binance.Lake.Simulator;

var root = new RootCommand("""
    binance-lake: Binance spot trades, historic and live, into a data lake.
    Raw chunks exactly as received, then a Delta table of trades a quant team can backtest on.
    Run `binance-lake <command> --help` for each command's options.
    """)
{
    LakeOptions.Lake,
    LakeOptions.S3Endpoint,
};
root.Subcommands.Add(BackfillCommand.Create());
root.Subcommands.Add(ArchiveCommand.Create());
root.Subcommands.Add(LiveCommand.Create());
root.Subcommands.Add(LiveSinkCommand.Create());
root.Subcommands.Add(CompactCommand.Create());
root.Subcommands.Add(AuditCommand.Create());
root.Subcommands.Add(RepairCommand.Create());
root.Subcommands.Add(OptimizeCommand.Create());
root.Subcommands.Add(VacuumCommand.Create());
root.Subcommands.Add(TableCommand.Create());
root.Subcommands.Add(LoadCommand.Create());
root.Subcommands.Add(CatalogCommand.Create());
root.Subcommands.Add(SimulateCommand.Create());
// Ctrl-C and SIGTERM cancel the command's token; live and live-sink then write their open batches, which may take
// longer than System.CommandLine's default 2 s before it ends the process anyway.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(30) });
