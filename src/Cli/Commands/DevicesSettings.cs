namespace GpuRay.Cli.Commands;

/// <summary>The command line of <c>gpuray devices</c>.</summary>
internal sealed class DevicesSettings : CommonSettings
{
}
