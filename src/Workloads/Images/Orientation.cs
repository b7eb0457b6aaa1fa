namespace GpuRay.Workloads.Images;

/// <summary>A flip or a clockwise rotation by a multiple of 90 degrees.</summary>
public enum Orientation
{
    /// <summary>Leave the image as it is.</summary>
    None = 0,

    /// <summary>Mirror left to right.</summary>
    FlipHorizontal = 1,

    /// <summary>Mirror top to bottom.</summary>
    FlipVertical = 2,

    /// <summary>Rotate 90 degrees clockwise (as ImageSharp's <c>RotateMode.Rotate90</c>); width and height swap.</summary>
    Rotate90 = 3,

    /// <summary>Rotate 180 degrees.</summary>
    Rotate180 = 4,

    /// <summary>Rotate 270 degrees clockwise (90 counter-clockwise); width and height swap.</summary>
    Rotate270 = 5,
}
