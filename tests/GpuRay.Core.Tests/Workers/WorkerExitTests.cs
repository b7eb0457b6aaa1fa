using GpuRay.Workers;

namespace GpuRay.Core.Tests.Workers;

public sealed class WorkerExitTests
{
    [TestCase(134, "SIGABRT, signal 6")]
    [TestCase(137, "SIGKILL, signal 9")]
    [TestCase(139, "SIGSEGV, signal 11")]
    [TestCase(143, "SIGTERM, signal 15")]
    public void Cause_UnixExitCodeOfASignal_NamesTheSignal(int code, string expected)
    {
        if (OperatingSystem.IsMacOS())
        {
            Assert.Ignore("macOS numbers some signals differently; only the number is given there.");
        }

        Assert.That(WorkerExit.Cause(code, windows: false), Does.Contain(expected));
    }

    [TestCase(0)]
    [TestCase(3)]
    [TestCase(128)]
    public void Cause_PlainExitCode_SaysNothingMore(int code)
    {
        Assert.That(WorkerExit.Cause(code, windows: false), Is.Empty);
    }

    [Test]
    public void Cause_WindowsStackOverflowStatus_NamesIt()
    {
        Assert.That(WorkerExit.Cause(unchecked((int)0xC00000FD), windows: true), Does.Contain("STATUS_STACK_OVERFLOW"));
    }
}
