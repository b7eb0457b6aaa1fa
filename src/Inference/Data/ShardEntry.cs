namespace GpuRay.Inference.Data;

/// <summary>One shard in a manifest: its file name, rows and size in bytes.</summary>
internal sealed record ShardEntry(string File, long Rows, long Bytes);
