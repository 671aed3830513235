using System.Collections.Generic;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace FenceGuard.Analyzers.Regions
{
    /// <summary>
    /// A lock taken by one operation, and what runs while it is held. The one place that knows the ways to take a
    /// lock: <c>lock</c>, <c>Monitor.Enter/TryEnter</c>, <c>SemaphoreSlim.Wait/WaitAsync</c>,
    /// <c>ReaderWriterLockSlim.Enter*Lock</c>, <c>FenceLock.Acquire()</c> and <c>ReservationObject.Lock()</c> (in a <c>using</c> statement or
    /// declaration, or bare). The held region is structural: the body of <c>lock</c> and <c>using</c>; otherwise the
    /// statements after the acquiring one in its block, up to the statement that releases the same lock class (a
    /// <c>try</c> whose <c>finally</c> releases it is held throughout).
    /// </summary>
    internal sealed class LockAcquisition
    {
        private LockAcquisition(LockClass lockClass, IOperation operation, Location site, string construct, IReadOnlyList<IOperation> held)
        {
            Class = lockClass;
            Operation = operation;
            Site = site;
            Construct = construct;
            Held = held;
        }

        public LockClass Class { get; }

        /// <summary>The acquiring operation (the <c>lock</c> statement or the call).</summary>
        public IOperation Operation { get; }

        public Location Site { get; }

        /// <summary>How messages name it, e.g. "'lock (_gate)'".</summary>
        public string Construct { get; }

        /// <summary>The operations that run while the lock is held, in source order.</summary>
        public IReadOnlyList<IOperation> Held { get; }

        /// <summary>The source span of <see cref="Held"/>, empty when nothing is held.</summary>
        public TextSpan HeldSpan => Held.Count == 0
            ? new TextSpan(Operation.Syntax.Span.End, 0)
            : TextSpan.FromBounds(Held[0].Syntax.Span.Start, Held[Held.Count - 1].Syntax.Span.End);

        /// <summary>The lock <paramref name="operation"/> takes, or null.</summary>
        public static LockAcquisition? Of(IOperation operation, KnownSymbols symbols)
        {
            switch (operation)
            {
                case ILockOperation lockOperation when LockClass.Of(lockOperation.LockedValue) is { } lockClass:
                    Location site = lockOperation.Syntax is LockStatementSyntax statement ? statement.LockKeyword.GetLocation() : lockOperation.Syntax.GetLocation();
                    return new LockAcquisition(lockClass, lockOperation, site, $"'lock ({lockOperation.LockedValue.Syntax})'", new[] { lockOperation.Body });
                case IInvocationOperation call:
                    return OfCall(call, symbols);
                default:
                    return null;
            }
        }

        private static LockAcquisition? OfCall(IInvocationOperation call, KnownSymbols symbols)
        {
            IMethodSymbol method = call.TargetMethod;
            INamedTypeSymbol? type = method.ContainingType;
            LockClass? lockClass = null;
            if (Is(type, symbols.ReservationObject) && method.Name == "Lock")
            {
                lockClass = LockClass.Reservation;
            }
            else if (Is(type, symbols.Monitor) && method.Name is "Enter" or "TryEnter" && call.Arguments.Length > 0)
            {
                lockClass = LockClass.Of(call.Arguments.ArgumentFor(0));
            }
            else if ((Is(type, symbols.SemaphoreSlim) && method.Name is "Wait" or "WaitAsync") || (Is(type, symbols.FenceLock) && method.Name == "Acquire") ||
                     (Is(type, symbols.ReaderWriterLockSlim) && method.Name is "EnterReadLock" or "EnterWriteLock" or "EnterUpgradeableReadLock" or "TryEnterReadLock" or "TryEnterWriteLock" or "TryEnterUpgradeableReadLock"))
            {
                lockClass = LockClass.Of(call.Instance);
            }

            if (lockClass is not { } taken)
            {
                return null;
            }

            Location site = Sites.Of(call);
            string construct = $"'{call.Syntax}'";
            if (call.ConsumerSkippingConversions() is IUsingOperation { Body: { } body })
            {
                return new LockAcquisition(taken, call, site, construct, new[] { body });
            }

            return new LockAcquisition(taken, call, site, construct, FollowingUntilRelease(call, taken, symbols));
        }

        /// <summary>The statements after the one containing <paramref name="call"/>, in its block, up to the release.</summary>
        private static IReadOnlyList<IOperation> FollowingUntilRelease(IOperation call, LockClass lockClass, KnownSymbols symbols)
        {
            IOperation? statement = call;
            while (statement is not null && statement.Parent is not IBlockOperation)
            {
                if (statement.Parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return System.Array.Empty<IOperation>();
                }

                statement = statement.Parent;
            }

            if (statement?.Parent is not IBlockOperation block)
            {
                return System.Array.Empty<IOperation>();
            }

            var held = new List<IOperation>();
            bool after = false;
            foreach (IOperation sibling in block.Operations)
            {
                if (!after)
                {
                    after = sibling == statement;
                    continue;
                }

                if (Releases(sibling, lockClass, symbols))
                {
                    if (sibling is ITryOperation heldTry)
                    {
                        held.Add(heldTry.Body);
                    }

                    break;
                }

                held.Add(sibling);
            }

            return held;
        }

        /// <summary>Whether <paramref name="statement"/> releases the lock class on every path (<see cref="Endings"/>).</summary>
        private static bool Releases(IOperation statement, LockClass lockClass, KnownSymbols symbols) =>
            Endings.OnEveryPath(statement, call => IsRelease(call, lockClass, symbols), out _);

        private static bool IsRelease(IInvocationOperation call, LockClass lockClass, KnownSymbols symbols)
        {
            IMethodSymbol method = call.TargetMethod;
            INamedTypeSymbol? type = method.ContainingType;
            if (lockClass.Key == LockClass.ReservationKey)
            {
                return method.Name == "Dispose" && Is(type, symbols.ReservationLock);
            }

            if (method.Name == "Dispose" && Is(type, symbols.FenceLockScope))
            {
                return true; // the scope does not say which lock it holds: any FenceLock's release ends the span
            }

            LockClass? released =
                Is(type, symbols.Monitor) && method.Name == "Exit" && call.Arguments.Length > 0 ? LockClass.Of(call.Arguments.ArgumentFor(0))
                : (Is(type, symbols.SemaphoreSlim) && method.Name == "Release") ||
                  (Is(type, symbols.ReaderWriterLockSlim) && method.Name is "ExitReadLock" or "ExitWriteLock" or "ExitUpgradeableReadLock") ? LockClass.Of(call.Instance)
                : null;
            return released is { } r && r.Key == lockClass.Key;
        }

        private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? known) =>
            known is not null && SymbolEqualityComparer.Default.Equals(type?.OriginalDefinition, known);
    }
}
