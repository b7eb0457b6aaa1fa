using System.Globalization;
using Spectre.Console;

namespace GpuRay.Cli.Bench;

/// <summary>One line per finished phase, for logs and redirected output (no bars, no redraws).</summary>
internal sealed class LineProgress : IBenchProgress
{
    private readonly IAnsiConsole _console;

    public LineProgress(IAnsiConsole console)
    {
        _console = console;
    }

    public IWorkloadProgress StartWorkload(string title, int totalItems) => new Workload(_console, title);

    private sealed class Workload : IWorkloadProgress
    {
        private readonly IAnsiConsole _console;
        private readonly string _title;
        private string _phase = string.Empty;
        private int _items;

        public Workload(IAnsiConsole console, string title)
        {
            _console = console;
            _title = title;
        }

        public void BeginPhase(string phase)
        {
            _phase = phase;
            _items = 0;
        }

        public void Advance() => _items++;

        public void EndPhase(TimeSpan elapsed)
        {
            string items = _items > 0 ? string.Create(CultureInfo.InvariantCulture, $", {_items} done") : string.Empty;
            _console.MarkupLineInterpolated(
                CultureInfo.InvariantCulture, $"[grey]{_title}: {_phase}{items} in {elapsed.TotalSeconds:F2} s[/]");
        }

        public void Finish(bool succeeded)
        {
            if (!succeeded)
            {
                _console.MarkupLineInterpolated($"[red]{_title}: failed[/]");
            }
        }
    }
}
