using System.Globalization;
using System.Reflection;
using NUnit.Framework.Api;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;

namespace GpuRay.DeviceCheck;

/// <summary>Runs the GPU and workload test assemblies in process with NUnit's own runner.</summary>
internal static class SuiteRunner
{
    private static readonly string[] Suites = ["GpuRay.Gpu.Tests", "GpuRay.Workloads.Tests"];

    /// <summary>
    /// Runs every suite, or only the tests in the given categories, less those in categories named after
    /// <c>--exclude</c>; returns 0 when nothing failed.
    /// </summary>
    public static int Run(IReadOnlyList<string> arguments, TextWriter output)
    {
        int split = arguments.ToList().IndexOf("--exclude");
        IEnumerable<string> included = split < 0 ? arguments : arguments.Take(split);
        IEnumerable<string> excluded = split < 0 ? [] : arguments.Skip(split + 1);
        string filterXml = string.Concat(
            "<filter><and>",
            included.Any() ? "<or>" + string.Concat(included.Select(c => $"<cat>{c}</cat>")) + "</or>" : string.Empty,
            string.Concat(excluded.Select(c => $"<not><cat>{c}</cat></not>")),
            "</and></filter>");
        ITestFilter filter = TestFilter.FromXml(filterXml);
        var totals = new Listener(output);
        foreach (string suite in Suites)
        {
            var runner = new NUnitTestAssemblyRunner(new DefaultTestAssemblyBuilder());
            runner.Load(Assembly.Load(suite), new Dictionary<string, object>());
            output.WriteLine($"== {suite}");
            runner.Run(totals, filter);
        }

        output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{totals.Passed} passed, {totals.Failed} failed, {totals.Skipped} skipped"));
        return totals.Failed == 0 ? 0 : 1;
    }

    private sealed class Listener(TextWriter output) : ITestListener
    {
        public int Passed { get; private set; }

        public int Failed { get; private set; }

        public int Skipped { get; private set; }

        public void TestStarted(ITest test)
        {
        }

        public void TestFinished(ITestResult result)
        {
            if (result.Test.IsSuite)
            {
                return;
            }

            string status = result.ResultState.Status.ToString();
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{status,-13} {result.Duration,8:F3}s {result.FullName}"));
            switch (result.ResultState.Status)
            {
                case TestStatus.Passed:
                    Passed++;
                    break;
                case TestStatus.Failed:
                    Failed++;
                    output.WriteLine(result.Message);
                    output.WriteLine(result.StackTrace);
                    break;
                default:
                    Skipped++;
                    if (!string.IsNullOrEmpty(result.Message))
                    {
                        output.WriteLine("    " + result.Message.Trim());
                    }

                    break;
            }
        }

        public void TestOutput(TestOutput output)
        {
        }

        public void SendMessage(TestMessage message)
        {
        }
    }
}
