using GpuRay.Inference.Execution;
using GpuRay.Inference.Models;
using Microsoft.Extensions.Logging;

namespace GpuRay.Inference.Tests.Execution;

public sealed class SessionCacheTests
{
    [Test]
    public void GetOrCreate_SameModelBytesTwice_ReturnsOneSession()
    {
        using var cache = new SessionCache();
        var options = new InferenceOptions();

        CachedSession first = cache.GetOrCreate(TipModel.Default.ToOnnxModel("first"), options);
        CachedSession second = cache.GetOrCreate(TipModel.Default.ToOnnxModel("second"), options);

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.SameAs(first));
            Assert.That(cache.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void GetOrCreate_OtherThreadCount_ReturnsAnotherSession()
    {
        using var cache = new SessionCache();
        OnnxModel model = TipModel.Default.ToOnnxModel();

        CachedSession one = cache.GetOrCreate(model, new InferenceOptions { IntraOpThreads = 1 });
        CachedSession two = cache.GetOrCreate(model, new InferenceOptions { IntraOpThreads = 2 });

        Assert.That(two, Is.Not.SameAs(one));
    }

    [Test]
    public async Task PredictShardAsync_CudaUnavailable_LogsOneWarningAndReturnsCpuResults()
    {
        using var cache = new SessionCache();
        var logger = new ListLogger();
        var cuda = new InferenceOptions { CudaDeviceId = 0, Logger = logger };
        OnnxModel model = TipModel.Default.ToOnnxModel();
        OnnxModel other = new TipModel(TipModel.Default.Means, TipModel.Default.Scales, TipModel.Default.Weights, 0.25f).ToOnnxModel("other");
        string shard = TestData.DataSet.ShardPaths[0];

        ShardPrediction onCuda = await BatchInference.PredictShardAsync(model, shard, cuda, cache, CancellationToken.None);
        if (onCuda.Provider != "CPU")
        {
            Assert.Ignore($"CUDA is available here ({onCuda.Provider}); the fallback path cannot be exercised.");
        }

        await BatchInference.PredictShardAsync(model, TestData.DataSet.ShardPaths[1], cuda, cache, CancellationToken.None);
        await BatchInference.PredictShardAsync(other, shard, cuda, cache, CancellationToken.None);
        ShardPrediction onCpu = await BatchInference.PredictShardAsync(model, shard, new InferenceOptions(), cache, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(logger.Lines, Has.Count.EqualTo(1));
            Assert.That(logger.Lines[0].Level, Is.EqualTo(LogLevel.Warning));
            Assert.That(logger.Lines[0].Message, Does.StartWith("CUDA execution provider unavailable on device 0, so model tip-model runs on the CPU execution provider instead"));
            Assert.That(onCuda.Rows, Is.EqualTo(onCpu.Rows));
            Assert.That(onCuda.PositivePredictions, Is.EqualTo(onCpu.PositivePredictions));
            Assert.That(onCuda.MeanScore, Is.EqualTo(onCpu.MeanScore));
        });
    }

    [Test]
    [Category("Cuda")]
    public async Task PredictShardAsync_OnCudaDevice_MatchesCpuReference()
    {
        using var cache = new SessionCache();
        OnnxModel model = TipModel.Default.ToOnnxModel();
        string shard = TestData.DataSet.ShardPaths[0];

        ShardPrediction result = await BatchInference.PredictShardAsync(model, shard, new InferenceOptions { CudaDeviceId = 0 }, cache, CancellationToken.None);
        if (result.Provider == "CPU")
        {
            CachedSession session = cache.GetOrCreate(model, new InferenceOptions { CudaDeviceId = 0 });
            Assert.Ignore($"No usable CUDA device: {session.FallbackReason}");
        }

        float[] expected = await BatchInferenceTests.ReferenceScoresAsync(shard);
        Assert.Multiple(() =>
        {
            Assert.That(result.Provider, Is.EqualTo("CUDA:0"));
            Assert.That(result.Rows, Is.EqualTo(expected.Length));
            Assert.That(result.MeanScore, Is.EqualTo(expected.Average(s => (double)s)).Within(1e-5));
        });
    }
}
