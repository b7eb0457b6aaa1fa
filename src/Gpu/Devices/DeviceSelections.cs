namespace GpuRay.Gpu;

/// <summary>Parses and validates the device selection from the options or the environment.</summary>
internal static class DeviceSelections
{
    public const string ValidValues = "auto, cuda, opencl, cpu";

    /// <summary>The option wins over the environment variable; neither set means auto.</summary>
    /// <exception cref="ArgumentException">The value is not one of <see cref="ValidValues"/>.</exception>
    public static DeviceSelection Resolve(string? option, string? environment)
    {
        if (option is not null)
        {
            return Parse(option, $"{nameof(GpuOptions)}.{nameof(GpuOptions.Device)}");
        }

        return string.IsNullOrWhiteSpace(environment)
            ? DeviceSelection.Auto
            : Parse(environment, $"environment variable {GpuOptions.DeviceEnvironmentVariable}");
    }

    public static DeviceSelection Resolve(GpuOptions options) =>
        Resolve(options.Device, Environment.GetEnvironmentVariable(GpuOptions.DeviceEnvironmentVariable));

    public static string ToText(DeviceSelection selection) => selection switch
    {
        DeviceSelection.Cuda => "cuda",
        DeviceSelection.OpenCL => "opencl",
        DeviceSelection.Cpu => "cpu",
        _ => "auto",
    };

    private static DeviceSelection Parse(string value, string source) => value.Trim().ToUpperInvariant() switch
    {
        "AUTO" => DeviceSelection.Auto,
        "CUDA" => DeviceSelection.Cuda,
        "OPENCL" => DeviceSelection.OpenCL,
        "CPU" => DeviceSelection.Cpu,
        _ => throw new ArgumentException(
            $"Invalid GPU device selection '{value}' (from {source}). Valid values are {ValidValues}.",
            nameof(GpuOptions.Device)),
    };
}
