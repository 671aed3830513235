using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// The one compute-once cache of the per-compilation state: a value is computed once whichever thread asks first (the
    /// others wait for that computation). A computation cancelled by its caller's token is dropped, and a caller whose own
    /// token is live computes it afresh, so one cancelled IDE pass never leaves a cancelled value behind.
    /// </summary>
    internal static class ComputeOnce
    {
        public static TValue Get<TKey, TValue>(ConcurrentDictionary<TKey, Lazy<TValue>> cache, TKey key, Func<TKey, TValue> compute, CancellationToken cancellationToken)
            where TKey : notnull
        {
            while (true)
            {
                // A value already there is read without the closures a new one needs (most calls are such reads).
                if (!cache.TryGetValue(key, out Lazy<TValue>? value))
                {
                    value = cache.GetOrAdd(key, k => new Lazy<TValue>(() => compute(k), LazyThreadSafetyMode.ExecutionAndPublication));
                }

                try
                {
                    return value.Value;
                }
                catch (OperationCanceledException)
                {
                    ((ICollection<KeyValuePair<TKey, Lazy<TValue>>>)cache).Remove(new KeyValuePair<TKey, Lazy<TValue>>(key, value));
                    cancellationToken.ThrowIfCancellationRequested();
                }
            }
        }
    }
}
