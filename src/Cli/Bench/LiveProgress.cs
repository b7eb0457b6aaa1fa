using Spectre.Console;

namespace GpuRay.Cli.Bench;

/// <summary>One Spectre progress bar per workload, on an interactive terminal.</summary>
internal sealed class LiveProgress : IBenchProgress
{
    private readonly ProgressContext _context;

    public LiveProgress(ProgressContext context)
    {
        _context = context;
    }

    public IWorkloadProgress StartWorkload(string title, int totalItems) =>
        new Workload(_context.AddTask(Markup.Escape(title), maxValue: Math.Max(1, totalItems)), title);

    private sealed class Workload : IWorkloadProgress
    {
        private readonly ProgressTask _task;
        private readonly string _title;

        public Workload(ProgressTask task, string title)
        {
            _task = task;
            _title = title;
        }

        public void BeginPhase(string phase) => _task.Description = Markup.Escape($"{_title}: {phase}");

        public void Advance() => _task.Increment(1);

        public void EndPhase(TimeSpan elapsed)
        {
        }

        public void Finish(bool succeeded)
        {
            _task.Description = succeeded ? Markup.Escape(_title) : $"{Markup.Escape(_title)} [red](failed)[/]";
            _task.Value = _task.MaxValue;
            _task.StopTask();
        }
    }
}
