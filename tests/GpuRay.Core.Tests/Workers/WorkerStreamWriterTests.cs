using System.Net.Sockets;

using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Runtime;

namespace GpuRay.Core.Tests.Workers;

/// <summary>Streaming tasks with Isolation = Process: the items come back over the worker's pipe as they are produced.</summary>
[NonParallelizable]
public sealed class WorkerStreamWriterTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);
    private static readonly TaskOptions InWorker = new() { Isolation = TaskIsolation.Process };
    private GpuRayRuntime _ray = null!;

    [OneTimeSetUp]
    public void Start() => _ray = GpuRayRuntime.Start(new RuntimeOptions { NumCpus = 2 });

    [OneTimeTearDown]
    public void Stop() => _ray.Dispose();

    [Test]
    public async Task RemoteStream_InAWorker_DeliversAnItemWhileTheWorkerStillProduces()
    {
        string path = Path.Combine(Path.GetTempPath(), $"gpuray-stream-{Environment.ProcessId}-{Guid.NewGuid():N}.sock");
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(1);
        try
        {
            var stream = _ray.RemoteStream<string, int>(ProcessIdThenWaitForByte, options: InWorker);
            await using IAsyncEnumerator<ObjectRef<int>> reader = stream.Remote(path).GetAsyncEnumerator();

            Assert.That(await reader.MoveNextAsync().AsTask().WaitAsync(Guard), Is.True, "phase: the first item arrives");
            Assert.That(await reader.Current, Is.Not.EqualTo(Environment.ProcessId), "produced in a worker");

            // The worker waits for this byte after its first item: the item above came while it still ran.
            using Socket worker = await listener.AcceptAsync().WaitAsync(Guard);
            await worker.SendAsync(new byte[] { 42 });

            Assert.That(await reader.MoveNextAsync().AsTask().WaitAsync(Guard), Is.True, "phase: the second item arrives");
            Assert.That(await reader.Current, Is.EqualTo(42));
            Assert.That(await reader.MoveNextAsync(), Is.False);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public void RemoteStream_AsyncProducerThrowsInAWorker_ItemsBeforeAreIntactThenItsError()
    {
        var stream = _ray.RemoteStream<int, string>(AsyncWordsThenThrow, options: InWorker);

        List<ObjectRef<string>> refs = [.. stream.Remote(2)];

        Assert.That(refs, Has.Count.EqualTo(3));
        Assert.That(_ray.Get(refs.Take(2), Guard), Is.EqualTo(new[] { "word 0", "word 1" }));
        var error = Assert.Throws<TaskFailedException>(() => _ray.Get(refs[2], Guard));
        Assert.That(error!.InnerException, Is.TypeOf<InvalidOperationException>().With.Message.EqualTo("no word 2"));
    }

    [Test]
    public void RemoteStream_CapturingProducerInAWorker_IsRefusedNamingWhatStopsIt()
    {
        int captured = 3;

        var error = Assert.Throws<ArgumentException>(() => _ray.RemoteStream(() => Enumerable.Repeat(captured, 2), "captures", InWorker));

        Assert.That(error!.Message, Does.Contain("'captures' cannot run with Isolation = Process").And.Contain("captures variables"));
    }

    private static IEnumerable<int> ProcessIdThenWaitForByte(string path)
    {
        yield return Environment.ProcessId;
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        byte[] received = new byte[1];
        socket.ReceiveTimeout = (int)Guard.TotalMilliseconds;
        _ = socket.Receive(received);
        yield return received[0];
    }

    private static async IAsyncEnumerable<string> AsyncWordsThenThrow(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return $"word {i}";
        }

        throw new InvalidOperationException($"no word {count}");
    }
}
