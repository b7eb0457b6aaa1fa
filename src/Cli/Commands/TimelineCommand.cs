using Spectre.Console;
using Spectre.Console.Cli;

namespace GpuRay.Cli.Commands;

/// <summary><c>gpuray timeline</c>: how to record a trace of a run and open it in Perfetto.</summary>
internal sealed class TimelineCommand : Command<EmptyCommandSettings>
{
    private readonly IAnsiConsole _console;

    public TimelineCommand(IAnsiConsole console)
    {
        _console = console;
    }

    public override int Execute(CommandContext context, EmptyCommandSettings settings, CancellationToken cancellationToken)
    {
        _console.Write(new Rule("[bold]Task timelines[/]").LeftJustified());
        _console.MarkupLine("Every GpuRay runtime records each task's submit, start and finish, its worker and its resources.");
        _console.MarkupLine("[bold]1. Record[/] a run as Chrome trace JSON:");
        _console.MarkupLine("     [green]gpuray bench --quick --timeline trace.json[/]");
        _console.MarkupLine("   or from code: [green]ray.Timeline.WriteChromeTrace(\"trace.json\")[/]");
        _console.MarkupLine("[bold]2. Open[/] it in a browser:");
        _console.MarkupLine("     [link=https://ui.perfetto.dev]https://ui.perfetto.dev[/] → [italic]Open trace file[/] (the file stays on your machine),");
        _console.MarkupLine("     or chrome://tracing in Chrome or Edge → [italic]Load[/].");
        _console.MarkupLine("[bold]3. Read[/] it: one track per worker; each slice is a task, named after its remote function.");
        _console.MarkupLine("   Serial phases run outside the runtime and leave no slices; parallel phases show one slice per task side by side.");
        _console.MarkupLine("   Gaps between slices are scheduling or waiting; click a slice for its arguments (task id, resources, outcome).");
        return ExitCodes.Success;
    }
}
