namespace FenceGuard.Runtime.Tests;

/// <summary>Runs an action on a thread of its own, to completion, and rethrows what it threw.</summary>
internal static class OnThread
{
    public static void Run(Action action, int maxStackSize = 0, TimeSpan? timeout = null)
    {
        Exception? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                action();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, maxStackSize);
        thread.Start();
        if (!thread.Join(timeout ?? Timeout.InfiniteTimeSpan))
        {
            throw new TimeoutException($"The action did not finish within {timeout}.");
        }

        if (failure is not null)
        {
            throw new InvalidOperationException("The action's thread failed.", failure);
        }
    }
}
