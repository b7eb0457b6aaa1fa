using System.Globalization;
using GpuRay.Cli.Output;
using GpuRay.Gpu;
using GpuRay.Resources;
using GpuRay.Runtime;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GpuRay.Cli.Commands;

/// <summary><c>gpuray devices</c>: the GPU inventory and the resources a node would offer.</summary>
internal sealed class DevicesCommand : Command<DevicesSettings>
{
    private readonly IAnsiConsole _console;
    private readonly ErrorOutput _errors;

    public DevicesCommand(IAnsiConsole console, ErrorOutput errors)
    {
        _console = console;
        _errors = errors;
    }

    public override int Execute(CommandContext context, DevicesSettings settings, CancellationToken cancellationToken)
    {
        var gpuOptions = new GpuOptions { Device = settings.Device };
        IReadOnlyList<GpuDeviceInfo> devices;
        IReadOnlyDictionary<string, double> resources;
        try
        {
            devices = GpuInventory.Discover(gpuOptions);
            using GpuRayRuntime ray = GpuRayRuntime.Start(new RuntimeOptions().UseGpus(gpuOptions));
            resources = ray.ClusterResources();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _errors.Write($"could not list the devices: {Bench.BenchRunner.Describe(ex)}", ex, settings.Verbose);
            return ExitCodes.Failure;
        }

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]GPU devices[/]")
            .AddColumn(new TableColumn("GPU id").RightAligned())
            .AddColumn("Kind")
            .AddColumn("Name")
            .AddColumn(new TableColumn("Memory").RightAligned())
            .AddColumn("Fallback");
        foreach (GpuDeviceInfo device in devices)
        {
            table.AddRow(
                device.Index.ToString(CultureInfo.InvariantCulture),
                device.Kind.ToString(),
                Markup.Escape(device.Name),
                Format.Bytes(device.MemoryBytes),
                device.IsFallback ? "[yellow]yes[/] (ILGPU CPU accelerator)" : "no");
        }

        if (devices.Count == 0)
        {
            table.AddRow("—", "—", "[yellow]none[/]", "—", "—");
        }

        _console.Write(table);
        if (devices.Any(d => d.IsFallback))
        {
            _console.MarkupLine("[yellow]No CUDA or OpenCL GPU found:[/] GPU tasks run on ILGPU's CPU accelerator (the fallback): correct, but slow.");
        }

        var resourceTable = new Table().Border(TableBorder.Rounded).Title("[bold]Node resources[/]")
            .AddColumn("Resource")
            .AddColumn(new TableColumn("Total").RightAligned());
        foreach ((string name, double amount) in resources.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            string value = name == ResourceNames.GpuMemory
                ? Format.Bytes((long)amount)
                : amount.ToString("0.####", CultureInfo.InvariantCulture);
            resourceTable.AddRow(Markup.Escape(name), value);
        }

        _console.Write(resourceTable);
        return ExitCodes.Success;
    }
}
