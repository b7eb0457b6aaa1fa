using System.ComponentModel;
using Spectre.Console;
using Spectre.Console.Cli;

namespace GpuRay.Cli.Commands;

/// <summary>Options every command that touches devices takes.</summary>
internal class CommonSettings : CommandSettings
{
    internal static readonly string[] DeviceKinds = ["auto", "cuda", "opencl", "cpu"];

    [CommandOption("--device <KIND>")]
    [Description("Which devices to offer as GPUs: [green]auto[/] (CUDA, else OpenCL, else the CPU fallback), cuda, opencl or cpu. Default: $GPURAY_DEVICE, else auto.")]
    public string? Device { get; init; }

    [CommandOption("-v|--verbose")]
    [Description("Show details: full exceptions with stack traces, per-item results and log lines.")]
    public bool Verbose { get; init; }

    public override ValidationResult Validate()
    {
        if (Device is not null && !DeviceKinds.Contains(Device, StringComparer.OrdinalIgnoreCase))
        {
            return ValidationResult.Error($"--device '{Device}' is not valid; valid values are {string.Join(", ", DeviceKinds)}.");
        }

        return ValidationResult.Success();
    }
}
