using System;
using System.Diagnostics;

namespace FenceGuard.Internal
{
    /// <summary>
    /// Fence timestamps: a monotonic reading taken when a fence signals, stored as 100 ns ticks since the clock's
    /// origin plus one (so 0 means "not stamped"), and turned into UTC only when someone reads it.
    /// </summary>
    internal static class FenceClock
    {
        private static readonly long s_originUtcTicks = DateTime.UtcNow.Ticks;
        private static readonly long s_originPrecise = Stopwatch.GetTimestamp();
        private static readonly double s_preciseToTicks = (double)TimeSpan.TicksPerSecond / Stopwatch.Frequency;
#if NET
        private static readonly long s_originCoarse = Environment.TickCount64;
#endif

        /// <summary>A reading from the precise clock; never 0.</summary>
        internal static long ReadPrecise() => (long)((Stopwatch.GetTimestamp() - s_originPrecise) * s_preciseToTicks) + 1;

        /// <summary>A reading from the clock <paramref name="precision"/> names; never 0.</summary>
        internal static long Read(FenceTimestampPrecision precision)
        {
#if NET
            if (precision == FenceTimestampPrecision.Coarse)
            {
                return (Environment.TickCount64 - s_originCoarse) * TimeSpan.TicksPerMillisecond + 1;
            }
#endif
            return ReadPrecise();
        }

        /// <summary>The UTC time of a non-zero reading.</summary>
        internal static DateTimeOffset ToUtc(long reading) => new DateTimeOffset(s_originUtcTicks + reading - 1, TimeSpan.Zero);
    }
}
