namespace FenceGuard
{
    /// <summary>
    /// Which clock a <see cref="FenceTimeline"/> reads for <see cref="Fence.Timestamp"/> when one of its fences signals.
    /// Both clocks are monotonic (like the kernel's <c>ktime_get</c>, they do not jump when the wall clock is set) and
    /// are reported in UTC, measured from the wall-clock time at which the process first used a fence.
    /// </summary>
    public enum FenceTimestampPrecision
    {
        /// <summary>
        /// The default: the system's coarse monotonic tick (<c>Environment.TickCount64</c>, about 5 ns to
        /// read, with a resolution of 1–16 ms depending on the operating system). Enough to tell when a fence
        /// signalled, how long it has been signalled and which of two distant fences signalled first. On the
        /// .NET Standard 2.0 build, which lacks a 64-bit tick, it reads the precise clock.
        /// </summary>
        Coarse = 0,

        /// <summary>
        /// The high-resolution monotonic clock (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>), for
        /// timelines whose signal times are measured (frame pacing, latency profiles). Each signal then costs one
        /// high-resolution clock read: about 20–25 ns on a virtual machine, several times a whole coarse signal.
        /// </summary>
        Precise = 1,
    }
}
