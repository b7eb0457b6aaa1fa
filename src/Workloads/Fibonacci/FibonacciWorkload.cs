using System.Numerics;

namespace GpuRay.Workloads.Fibonacci;

/// <summary>
/// The Fibonacci workload from Ray's "Remote Tasks" tour: generate the first N Fibonacci numbers with
/// arbitrary precision (<see cref="BigInteger"/>, as Python's ints are) and return how many were generated.
/// </summary>
/// <remarks>
/// The sequence starts F(0) = 0, F(1) = 1, as in the tutorial. Every method is a plain static method with
/// plain arguments, so it can be wrapped as a remote task as it is. Unlike the tutorial, the numbers are not
/// kept in a list: only the last two are alive, which does the same additions without holding about 430 MB
/// per task for a sequence of 100,000.
/// </remarks>
public static class FibonacciWorkload
{
    /// <summary>The tutorial's sequence size per task.</summary>
    /// <value>100,000.</value>
    public const int TutorialSequenceSize = 100_000;

    /// <summary>Generates the first <paramref name="sequenceSize"/> Fibonacci numbers and returns the count.</summary>
    /// <param name="sequenceSize">How many numbers to generate, F(0) to F(sequenceSize - 1); zero or more.</param>
    /// <returns><paramref name="sequenceSize"/>, the count of numbers generated (the tutorial's return value).</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequenceSize"/> is negative.</exception>
    public static int Generate(int sequenceSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequenceSize);
        return sequenceSize == 0 ? 0 : Run(sequenceSize).Count;
    }

    /// <summary>Generates the first <paramref name="sequenceSize"/> Fibonacci numbers and returns the last one.</summary>
    /// <param name="sequenceSize">How many numbers to generate; one or more.</param>
    /// <returns>F(sequenceSize - 1): 0 for a size of 1, 1 for 2, 55 for 11.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sequenceSize"/> is zero or negative.</exception>
    public static BigInteger GenerateLast(int sequenceSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sequenceSize);
        return Run(sequenceSize).Last;
    }

    /// <summary>Runs <see cref="Generate"/> <paramref name="repetitions"/> times in a row on the calling thread.</summary>
    /// <param name="sequenceSize">How many numbers each run generates; zero or more.</param>
    /// <param name="repetitions">How many runs; zero or more (the tutorial uses one per core).</param>
    /// <returns>The total count of numbers generated, <paramref name="sequenceSize"/> x <paramref name="repetitions"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument is negative.</exception>
    public static long GenerateSerial(int sequenceSize, int repetitions)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sequenceSize);
        ArgumentOutOfRangeException.ThrowIfNegative(repetitions);
        long total = 0;
        for (int i = 0; i < repetitions; i++)
        {
            total += Generate(sequenceSize);
        }

        return total;
    }

    private static (int Count, BigInteger Last) Run(int sequenceSize)
    {
        BigInteger previous = BigInteger.Zero;
        BigInteger current = BigInteger.One;
        int count = 1;
        if (sequenceSize == 1)
        {
            return (count, previous);
        }

        for (count = 2; count < sequenceSize; count++)
        {
            (previous, current) = (current, previous + current);
        }

        return (count, current);
    }
}
