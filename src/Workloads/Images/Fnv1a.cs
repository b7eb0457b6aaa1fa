namespace GpuRay.Workloads.Images;

/// <summary>FNV-1a hashes: stable across processes, unlike <see cref="string.GetHashCode()"/>.</summary>
internal static class Fnv1a
{
    public static ulong Hash64(ReadOnlySpan<byte> data)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in data)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    public static uint Hash32(string text)
    {
        uint hash = 2166136261U;
        foreach (char ch in text)
        {
            hash = (hash ^ ch) * 16777619U;
        }

        return hash;
    }
}
