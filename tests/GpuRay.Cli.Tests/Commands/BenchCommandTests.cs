using System.Text.Json;

namespace GpuRay.Cli.Tests.Commands;

public sealed class BenchCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void SetUp()
    {
        _folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "out", TestContext.CurrentContext.Test.ID);
        Directory.CreateDirectory(_folder);
    }

    [Test]
    public void Bench_All_PrintsATablePerWorkloadAndWritesJsonPlotAndTrace()
    {
        string json = Path.Combine(_folder, "bench.json");
        string plot = Path.Combine(_folder, "times.png");
        string trace = Path.Combine(_folder, "trace.json");

        CliRun run = CliRun.Bench("all", "--device", "cpu", "--json", json, "--plot", plot, "--timeline", trace);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.ToString);
        Assert.That(run.Errors, Is.Empty);
        foreach (string title in new[] { "Fibonacci", "Monte Carlo pi", "Image transforms", "Batch inference" })
        {
            Assert.That(run.Output, Does.Contain(title));
        }

        Assert.That(run.Output, Does.Contain("Speedup").And.Contain("Eff.").And.Contain("samples/s").And.Contain("MP/s").And.Contain("rows/s"));
        Assert.That(run.Output, Does.Contain("CPU fallback"), "the GPU rows name the fallback device");
        Assert.That(run.Output, Does.Not.Contain("\u001b["), "no ANSI escapes or redraws on a non-interactive console");

        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(json));
        JsonElement root = document.RootElement;
        Assert.That(root.GetProperty("schema").GetString(), Is.EqualTo("gpuray-bench/1"));
        Assert.That(root.GetProperty("succeeded").GetBoolean(), Is.True);
        Assert.That(root.GetProperty("device").GetProperty("isFallback").GetBoolean(), Is.True);
        string[] names = [.. root.GetProperty("workloads").EnumerateArray().Select(w => w.GetProperty("name").GetString()!)];
        Assert.That(names, Is.EqualTo(new[] { "fib", "pi", "images", "inference" }));

        byte[] png = File.ReadAllBytes(plot);
        Assert.That(png, Has.Length.GreaterThan(1000));
        Assert.That(png.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }));

        using JsonDocument traceDocument = JsonDocument.Parse(File.ReadAllBytes(trace));
        JsonElement events = traceDocument.RootElement.GetProperty("traceEvents");
        Assert.That(events.GetArrayLength(), Is.GreaterThan(0));
        Assert.That(events.EnumerateArray().Select(e => e.GetProperty("name").GetString()), Has.Some.Contains("Fibonacci"));
    }

    [Test]
    public void Bench_FibAndPiJson_HasTimingsSpeedupsAndResultsPerRow()
    {
        string json = Path.Combine(_folder, "fib.json");

        CliRun fib = CliRun.Bench("fib", "--no-gpu", "--json", json);

        Assert.That(fib.ExitCode, Is.EqualTo(ExitCodes.Success), fib.ToString);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(json));
        JsonElement workload = document.RootElement.GetProperty("workloads").EnumerateArray().Single();
        Assert.That(workload.GetProperty("unit").GetString(), Is.EqualTo("numbers/s"));
        JsonElement[] fibRows = [.. workload.GetProperty("rows").EnumerateArray()];
        Assert.That(fibRows.Select(r => r.GetProperty("details").GetProperty("isolation").GetString()), Is.EqualTo(new[] { "threads", "processes" }));
        foreach (JsonElement row in fibRows)
        {
            Assert.That(row.GetProperty("serialSeconds").GetDouble(), Is.GreaterThan(0));
            Assert.That(row.GetProperty("parallelSeconds").GetDouble(), Is.GreaterThan(0));
            Assert.That(row.GetProperty("speedup").GetDouble(), Is.EqualTo(row.GetProperty("serialSeconds").GetDouble() / row.GetProperty("parallelSeconds").GetDouble()).Within(1e-9));
            Assert.That(row.GetProperty("efficiency").GetDouble(), Is.EqualTo(row.GetProperty("speedup").GetDouble() / 2).Within(1e-9));
            Assert.That(row.GetProperty("details").GetProperty("count").GetInt64(), Is.EqualTo(1000));
            Assert.That(row.GetProperty("taskSlowdown").GetDouble(), Is.GreaterThan(0), "from the timeline's task durations");
        }

        Assert.That(fib.Output, Does.Contain("as long side by side as in the serial run"));

        Assert.That(fibRows[1].GetProperty("serialSeconds").GetDouble(), Is.Not.EqualTo(fibRows[0].GetProperty("serialSeconds").GetDouble()), "the processes row has its own baseline: serial in one worker");
        Assert.That(document.RootElement.GetProperty("device").ValueKind, Is.EqualTo(JsonValueKind.Null), "--no-gpu");

        string piJson = Path.Combine(_folder, "pi.json");
        CliRun pi = CliRun.Bench("pi", "--device", "cpu", "--json", piJson);

        Assert.That(pi.ExitCode, Is.EqualTo(ExitCodes.Success), pi.ToString);
        using JsonDocument piDocument = JsonDocument.Parse(File.ReadAllBytes(piJson));
        JsonElement[] rows = [.. piDocument.RootElement.GetProperty("workloads")[0].GetProperty("rows").EnumerateArray()];
        Assert.That(rows.Select(r => r.GetProperty("variant").GetString()), Is.EqualTo(new[] { "cpu", "gpu" }));
        JsonElement cpu = rows[0].GetProperty("details");
        JsonElement gpu = rows[1].GetProperty("details");
        Assert.That(cpu.GetProperty("samples").GetInt64(), Is.EqualTo(40_000));
        Assert.That(gpu.GetProperty("hits").GetInt64(), Is.EqualTo(cpu.GetProperty("hits").GetInt64()), "every path draws the same samples");
        Assert.That(cpu.GetProperty("sigmasFromPi").GetDouble(), Is.LessThan(4));
        Assert.That(rows[1].GetProperty("serialSeconds").ValueKind, Is.EqualTo(JsonValueKind.Null));
    }

    [Test]
    public void Bench_Rounds_ReportsOneRowPerRunWithTheRoundCount()
    {
        string json = Path.Combine(_folder, "rounds.json");

        CliRun fib = CliRun.Bench("fib", "--no-gpu", "--rounds", "3", "--json", json);

        Assert.That(fib.ExitCode, Is.EqualTo(ExitCodes.Success), fib.ToString);
        Assert.That(fib.Output, Does.Contain("medians of 3 rounds"));
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(json));
        Assert.That(document.RootElement.GetProperty("options").GetProperty("rounds").GetInt32(), Is.EqualTo(3));
        JsonElement[] rows = [.. document.RootElement.GetProperty("workloads")[0].GetProperty("rows").EnumerateArray()];
        Assert.That(rows, Has.Length.EqualTo(2));
        Assert.That(rows.Select(r => r.GetProperty("rounds").GetInt32()), Is.All.EqualTo(3));
    }

    [Test]
    public void Bench_SerialMode_LeavesParallelEmpty()
    {
        string json = Path.Combine(_folder, "serial.json");

        CliRun run = CliRun.Bench("inference", "--mode", "serial", "--json", json);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Success), run.ToString);
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(json));
        JsonElement row = document.RootElement.GetProperty("workloads")[0].GetProperty("rows")[0];
        Assert.That(row.GetProperty("serialSeconds").GetDouble(), Is.GreaterThan(0));
        Assert.That(row.GetProperty("parallelSeconds").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(row.GetProperty("speedup").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(row.GetProperty("details").GetProperty("rows").GetInt64(), Is.EqualTo(1200));
        Assert.That(row.GetProperty("details").GetProperty("predictedTips").GetInt64(), Is.InRange(1, 1199));
    }

    [Test]
    public void Bench_WorkloadFails_ExitsWithOneAndAClearMessageWithoutStackTrace()
    {
        string notAFolder = Path.Combine(_folder, "file-not-folder");
        File.WriteAllText(notAFolder, "x");

        CliRun run = CliRun.Start(["bench", "images", "--no-gpu", .. CliRun.Tiny, "--data", notAFolder]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure), run.ToString);
        Assert.That(run.Output, Does.Contain("Image transforms failed:"));
        Assert.That(run.ErrorLines, Has.Length.EqualTo(1), run.ToString);
        Assert.That(run.Output + run.Errors, Does.Not.Contain(" at GpuRay."), "no stack trace without --verbose");
    }

    [Test]
    public void Bench_WorkloadFailsVerbose_ShowsTheStackTrace()
    {
        string notAFolder = Path.Combine(_folder, "file-not-folder");
        File.WriteAllText(notAFolder, "x");

        CliRun run = CliRun.Start(["bench", "images", "--no-gpu", "--verbose", .. CliRun.Tiny, "--data", notAFolder]);

        Assert.That(run.ExitCode, Is.EqualTo(ExitCodes.Failure), run.ToString);
        Assert.That(run.Output, Does.Contain(" at "));
    }
}
