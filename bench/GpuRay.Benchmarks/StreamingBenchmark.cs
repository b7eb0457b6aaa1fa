using System.Threading.Channels;

using BenchmarkDotNet.Attributes;

using GpuRay.Functions;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Runtime;

namespace GpuRay.Benchmarks;

/// <summary>
/// Items per second through a streaming task: one producer of 100,000 ints, read by one consumer that awaits each
/// item's ref. Baseline: a <see cref="Channel{T}"/> (unbounded, single reader and writer) between a producer task and
/// the same consumer. Also a bound of 64 untaken items (Ray's backpressure), against a Channel bounded at 64. Goal: the
/// unbounded stream at least 0.3x the unbounded Channel's throughput (at most 3.3x its time).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class StreamingBenchmark
{
    private const int Items = 100_000;
    private const int Bound = 64;
    private GpuRayRuntime _ray = null!;
    private RemoteStreamFunction<int, int> _stream = null!;
    private RemoteStreamFunction<int, int> _bounded = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ray = GpuRayRuntime.Start(new RuntimeOptions { SmallTaskSampleSize = int.MaxValue });
        _stream = _ray.RemoteStream((int n) => Enumerable.Range(0, n), name: "range-stream");
        _bounded = _stream.WithOptions(new TaskOptions { StreamBackpressure = Bound });
    }

    [GlobalCleanup]
    public void Cleanup() => _ray.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Items)]
    public Task<long> Channel() => ThroughChannel(System.Threading.Channels.Channel.CreateUnbounded<int>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true }));

    [Benchmark(OperationsPerInvoke = Items)]
    public Task<long> BoundedChannel() => ThroughChannel(System.Threading.Channels.Channel.CreateBounded<int>(new BoundedChannelOptions(Bound) { SingleReader = true, SingleWriter = true }));

    [Benchmark(OperationsPerInvoke = Items)]
    public Task<long> Stream() => Read(_stream.Remote(Items));

    [Benchmark(OperationsPerInvoke = Items)]
    public Task<long> BoundedStream() => Read(_bounded.Remote(Items));

    private static async Task<long> ThroughChannel(Channel<int> channel)
    {
        Task producer = Task.Run(async () =>
        {
            foreach (int item in Enumerable.Range(0, Items))
            {
                await channel.Writer.WriteAsync(item);
            }

            channel.Writer.Complete();
        });
        long sum = 0;
        await foreach (int item in channel.Reader.ReadAllAsync())
        {
            sum += item;
        }

        await producer;
        return sum;
    }

    private static async Task<long> Read(ObjectRefStream<int> stream)
    {
        long sum = 0;
        await foreach (ObjectRef<int> item in stream)
        {
            sum += await item;
        }

        return sum;
    }
}
