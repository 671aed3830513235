using System;
using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Symbols;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace FenceGuard.Analyzers.Regions
{
    /// <summary>
    /// The one answer to "does this statement end it on every path through it": the statement is the ending call itself,
    /// or a <c>try</c> whose <c>finally</c> makes it (a <c>using</c> of a section local also ends it). An end inside a
    /// branch (<c>if (x) { Fence.EndSignalling(s); return; }</c>) does not. Signalling sections and held locks both ask here.
    /// </summary>
    internal static class Endings
    {
        /// <summary>Whether <paramref name="statement"/> makes a call <paramref name="ends"/> accepts on every path through it.</summary>
        public static bool OnEveryPath(IOperation statement, Func<IInvocationOperation, bool> ends, out IOperation? protectingFinally)
        {
            protectingFinally = null;
            switch (statement)
            {
                case IExpressionStatementOperation { Operation: IInvocationOperation call }:
                    return ends(call);
                case ITryOperation { Finally: { } finallyBlock } when InRegion(finallyBlock, ends):
                    protectingFinally = finallyBlock;
                    return true;
                default:
                    return false;
            }
        }

        /// <summary>Whether <paramref name="statement"/> ends the section held in <paramref name="local"/> on every path.</summary>
        public static bool EndsSection(IOperation statement, ILocalSymbol local, KnownSymbols symbols, out IOperation? protectingFinally)
        {
            if (statement is IUsingOperation { Resources: var resources } && RefersTo(resources, local))
            {
                protectingFinally = null;
                return true;
            }

            return OnEveryPath(statement, call => EndsSectionOf(call, local, symbols), out protectingFinally);
        }

        /// <summary>Whether <paramref name="call"/> ends the section held in <paramref name="local"/>.</summary>
        public static bool EndsSectionOf(IInvocationOperation call, ILocalSymbol local, KnownSymbols symbols) =>
            symbols.EndedSection(call) is { } ended && RefersTo(ended, local);

        /// <summary>Whether a call somewhere in <paramref name="region"/> (a <c>finally</c> block: small) is accepted by <paramref name="ends"/>.</summary>
        private static bool InRegion(IOperation region, Func<IInvocationOperation, bool> ends)
        {
            foreach (IOperation operation in region.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation call && ends(call))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool RefersTo(IOperation? value, ILocalSymbol local) =>
            value.WithoutConversions() is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local);
    }
}
