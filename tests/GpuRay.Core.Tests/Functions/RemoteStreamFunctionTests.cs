using System.Runtime.CompilerServices;

using GpuRay.Core.Tests.Support;
using GpuRay.Errors;
using GpuRay.Objects;
using GpuRay.Options;
using GpuRay.Runtime;
using GpuRay.Scheduling;

namespace GpuRay.Core.Tests.Functions;

public sealed class RemoteStreamFunctionTests : RuntimeFixture
{
    private static readonly TimeSpan Guard = TimeSpan.FromMinutes(1);

    [Test]
    public void Remote_PlainProducer_DeliversAnItemBeforeTheProducerEnds()
    {
        using var readFirst = new ManualResetEventSlim();
        var stream = Ray.RemoteStream(
            () => WaitsAfterFirst(readFirst),
            "waits-after-first");

        List<int> items = [];
        foreach (ObjectRef<int> item in stream.Remote())
        {
            items.Add(Ray.Get(item, Guard));

            // The producer is still inside the task, waiting for this signal; it could not be given after its end.
            readFirst.Set();
        }

        Assert.That(items, Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public async Task Remote_AsyncProducer_DeliversAnItemBeforeTheProducerEnds()
    {
        var readFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = Ray.RemoteStream(() => AwaitsAfterFirst(readFirst.Task), "awaits-after-first");

        List<int> items = [];
        await foreach (ObjectRef<int> item in stream.Remote())
        {
            items.Add(await item);
            readFirst.TrySetResult();
        }

        Assert.That(items, Is.EqualTo(new[] { 1, 2 }));
    }

    [Test]
    public void Remote_ProducerThrowsAtItemThree_ItemsBeforeAreIntactThenAFailedRef()
    {
        var stream = Ray.RemoteStream(FailsAtThree, "fails-at-three");

        List<ObjectRef<int>> refs = [.. stream.Remote()];

        Assert.That(refs, Has.Count.EqualTo(4), "three items, then the failure");
        Assert.That(Ray.Get(refs.Take(3), Guard), Is.EqualTo(new[] { 0, 1, 2 }));
        var error = Assert.Throws<TaskFailedException>(() => Ray.Get(refs[3], Guard));
        Assert.That(error!.InnerException, Is.TypeOf<InvalidOperationException>().With.Message.EqualTo("broke after 3"));
    }

    [Test]
    public async Task Cancel_RunningStream_StopsTheProducerThroughItsToken()
    {
        var producerSawCancel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stream = Ray.RemoteStream(() => UntilCancelled(producerSawCancel), "until-cancelled");
        ObjectRefStream<int> items = stream.Remote();
        await using IAsyncEnumerator<ObjectRef<int>> reader = items.GetAsyncEnumerator();
        Assert.That(await reader.MoveNextAsync().AsTask().WaitAsync(Guard), Is.True, "phase: the first item arrives");
        Assert.That(await reader.Current, Is.EqualTo(1));

        Ray.Cancel(items);

        Assert.That(await producerSawCancel.Task.WaitAsync(Guard).ContinueWith(t => t.IsCompletedSuccessfully), Is.True, "phase: the producer's token is signalled");
        Assert.That(await reader.MoveNextAsync(), Is.True, "the cancel ends the stream with a failed ref");
        await Assert.ThrowsAsync<TaskCancelledException>(async () => await reader.Current);
        Assert.That(await reader.MoveNextAsync(), Is.False);
    }

    [Test]
    public void Remote_BackpressureTwo_ProducerWaitsUntilTheConsumerTakesAnItem()
    {
        using var start = new ManualResetEventSlim();
        using var waiting = new SemaphoreSlim(0);
        int produced = 0;
        var stream = Ray.RemoteStream(
            () => CountsProduced(start, () => Interlocked.Increment(ref produced), waiting),
            "bounded",
            new TaskOptions { StreamBackpressure = 2 });
        ObjectRefStream<int> items = stream.Remote();
        items.Buffer.ProducerWaits = () => waiting.Release();
        start.Set();
        using IEnumerator<ObjectRef<int>> reader = items.GetEnumerator();

        // The semaphore is released when the producer waits for room, or when it has made all its items.
        Assert.That(waiting.Wait(Guard), Is.True, "phase: the producer waits with two items untaken");
        Assert.That(Volatile.Read(ref produced), Is.EqualTo(2));
        Assert.That(reader.MoveNext(), Is.True);
        Assert.That(waiting.Wait(Guard), Is.True, "phase: the producer waits again after one more item");
        Assert.That(Volatile.Read(ref produced), Is.EqualTo(3), "one taken, one more made");

        List<int> values = [Ray.Get(reader.Current, Guard)];
        while (reader.MoveNext())
        {
            values.Add(Ray.Get(reader.Current, Guard));
        }

        Assert.That(values, Is.EqualTo(new[] { 0, 1, 2, 3, 4, 5 }));
    }

    [Test]
    public void Remote_RetriedProducer_DeliversNoItemTwice()
    {
        var stream = Ray.RemoteStream(
            FailsOnFirstAttempt,
            "fails-on-first-attempt",
            new TaskOptions { MaxRetries = 1, RetryExceptions = true });

        int[] values = [.. stream.Remote().ToBlockingEnumerable().Select(r => Ray.Get(r, Guard))];

        Assert.That(values, Is.EqualTo(new[] { 0, 1, 2, 3, 4 }), "items 0..2 of the first attempt are not delivered again");
    }

    [Test]
    public void Remote_ConsumerIsATaskOnTheOnlyCpu_LendsItWhileItWaitsForItems()
    {
        Restart(new RuntimeOptions { NumCpus = 1 });
        var numbers = Ray.RemoteStream((int n) => Enumerable.Range(0, n), "numbers");
        var sum = Ray.Remote((int n) => numbers.Remote(n).ToBlockingEnumerable().Sum(r => Ray.Get(r)), "sums-a-stream");

        Assert.That(Ray.Get(sum.Remote(5), Guard), Is.EqualTo(10));
    }

    [Test]
    public void Remote_StreamFunction_IsRefusedPointingToRemoteStream()
    {
        var error = Assert.Throws<ArgumentException>(() => Ray.Remote(AwaitsAfterFirstNever, "stream-by-mistake"));

        Assert.That(error!.Message, Does.Contain("'stream-by-mistake'").And.Contain("IAsyncEnumerable`1").And.Contain("RemoteStream"));
    }

    [Test]
    public void RemoteStream_BackpressureOnAnOrdinaryFunction_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => Ray.Remote(() => 1, "not-a-stream", new TaskOptions { StreamBackpressure = 4 }));

        Assert.That(error!.Message, Does.Contain("StreamBackpressure: 4").And.Contain("not a stream"));
    }

    [Test]
    public void FromKeywords_RayBackpressureKeyword_SetsStreamBackpressure()
    {
        TaskOptions options = TaskOptions.FromKeywords(new Dictionary<string, object?> { ["_generator_backpressure_num_objects"] = 3 });

        Assert.That(options.StreamBackpressure, Is.EqualTo(3));
    }

    private static IEnumerable<int> WaitsAfterFirst(ManualResetEventSlim readFirst)
    {
        yield return 1;
        if (!readFirst.Wait(Guard))
        {
            throw new TimeoutException("phase: the consumer never read item 1 while the producer ran");
        }

        yield return 2;
    }

    private static async IAsyncEnumerable<int> AwaitsAfterFirst(Task readFirst)
    {
        yield return 1;
        await readFirst.WaitAsync(Guard);
        yield return 2;
    }

    private static IAsyncEnumerable<int> AwaitsAfterFirstNever() => AwaitsAfterFirst(Task.CompletedTask);

    private static IEnumerable<int> FailsAtThree()
    {
        for (int i = 0; i < 3; i++)
        {
            yield return i;
        }

        throw new InvalidOperationException("broke after 3");
    }

    private static async IAsyncEnumerable<int> UntilCancelled(TaskCompletionSource sawCancel, [EnumeratorCancellation] CancellationToken token = default)
    {
        yield return 1;
        var cancelled = new TaskCompletionSource();
        using (token.Register(() => cancelled.TrySetResult()))
        {
            await cancelled.Task;
        }

        sawCancel.TrySetResult();
        token.ThrowIfCancellationRequested();
        yield return 2;
    }

    private static IEnumerable<int> CountsProduced(ManualResetEventSlim start, Action produced, SemaphoreSlim done)
    {
        start.Wait(Guard);
        for (int i = 0; i < 6; i++)
        {
            produced();
            yield return i;
        }

        done.Release();
    }

    private static IEnumerable<int> FailsOnFirstAttempt()
    {
        bool first = TaskContext.Current!.Attempt == 1;
        for (int i = 0; i < 5; i++)
        {
            if (first && i == 3)
            {
                throw new InvalidOperationException("the first attempt fails after 3 items");
            }

            yield return i;
        }
    }
}
