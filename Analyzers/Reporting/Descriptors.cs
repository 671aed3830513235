using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Reporting
{
    /// <summary>The catalogue of FenceGuard diagnostics: IDs, titles, severities and help links, in one place.</summary>
    internal static class Descriptors
    {
        internal const string SignallingCategory = "FenceGuard.Signalling";

        internal const string AllocationId = "FG0001";
        internal const string ReclaimId = "FG0002";
        internal const string FenceWaitId = "FG0003";
        internal const string BlockingCallId = "FG0004";
        internal const string LockInversionId = "FG0005";
        internal const string UnbalancedSectionId = "FG0006";
        internal const string AwaitInSectionId = "FG0007";
        internal const string UnreservedAddFenceId = "FG0008";
        internal const string IndefiniteFenceId = "FG0010";
        internal const string IndefiniteFenceSharedId = "FG0011";
        internal const string DependencyCycleId = "FG0020";
        internal const string CrossBoundaryCycleId = "FG0021";
        internal const string RecoverableFaultsId = "FG0030";

        internal const string SummariesCategory = "FenceGuard.Summaries";

        internal const string SummariesRecordedId = "FG9001";
        internal const string SummariesIgnoredId = "FG9002";
        internal const string GraphExportedId = "FG9003";
        internal const string GraphCategory = "FenceGuard.Graph";

        /// <summary>The property of FG9003 that carries the compilation's fence graph (<see cref="GraphExport"/>), for the <c>fenceguard graph</c> tool.</summary>
        internal const string GraphProperty = "fenceguard.graph";

        /// <summary>The property of FG9001 that carries the recorded summaries (<see cref="Summaries.SummaryFormat"/>); the build targets read it from the SARIF log.</summary>
        internal const string SummariesProperty = "fenceguard.summaries";

        internal static readonly DiagnosticDescriptor AllocationInSection = Create(
            AllocationId,
            "Heap allocation inside a signalling section",
            "{0} allocates inside {1}: an allocation may enter memory reclaim, which may wait on the fence being signalled",
            DiagnosticSeverity.Warning,
            "Code that signals a fence must not allocate on the heap: allocate before the section (preallocate, reserve, cache), the way the kernel splits allocation from arming a fence.");

        internal static readonly DiagnosticDescriptor ReclaimInSection = Create(
            ReclaimId,
            "Call that may reclaim memory inside a signalling section",
            "{0} is [MayReclaim] and is called inside {1}: it may wait on fences to free memory, possibly on the fence being signalled",
            DiagnosticSeverity.Error,
            "A [MayReclaim] member (a shrinker, a pool that blocks until buffers return) may wait on fences; calling it while signalling a fence can close a deadlock cycle through memory reclaim.");

        internal static readonly DiagnosticDescriptor FenceWaitInSection = Create(
            FenceWaitId,
            "Fence wait inside a signalling section",
            "{0} waits on a fence inside {1}: code that signals a fence must never wait on fences, or the two can deadlock",
            DiagnosticSeverity.Error,
            "A signalling section must finish in bounded time and must not wait on any fence (Fence.Wait, WaitAsync, await of a fence, ReservationObject.Wait, Fence.MightWait, UserFence waits): the fence waited on may itself depend on the one being signalled.");

        internal static readonly DiagnosticDescriptor BlockingCallInSection = Create(
            BlockingCallId,
            "Blocking call inside a signalling section",
            "{0} blocks inside {1}: code that signals a fence must finish in bounded time and must not sleep or block",
            DiagnosticSeverity.Warning,
            "Blocking calls (Task.Wait, .Result, GetAwaiter().GetResult(), Thread.Sleep, Thread.Join, Monitor.Wait, WaitHandle waits, SemaphoreSlim.Wait, ManualResetEventSlim.Wait, SpinWait.SpinUntil, CountdownEvent.Wait, Barrier.SignalAndWait) can wait on work that waits on the fence being signalled.");

        internal static readonly DiagnosticDescriptor AwaitInSection = Create(
            AwaitInSectionId,
            "await or yield inside a signalling section",
            "{0} inside {1}: a signalling section belongs to one thread, and the code after it may run on another while the section stays open",
            DiagnosticSeverity.Error,
            "Signalling sections are per thread and must not be suspended: end the section before awaiting or yielding, or await before it begins.");

        internal static readonly DiagnosticDescriptor LockInversion = Create(
            LockInversionId,
            "Lock taken inside a signalling section is held elsewhere while waiting on a fence",
            "{0} inside {1}, but that lock is held elsewhere while waiting: {2}; the waiter may wait on the fence this section signals, which needs this lock",
            DiagnosticSeverity.Error,
            "A lock taken while signalling a fence must never be held, anywhere, while waiting on a fence or around a call that may reclaim: lock -> fence -> lock is a deadlock cycle (lockdep's fence signalling annotation finds exactly this).",
            WellKnownDiagnosticTags.CompilationEnd);

        internal static readonly DiagnosticDescriptor UnbalancedSection = Create(
            UnbalancedSectionId,
            "Unbalanced signalling section",
            "{0} {1}",
            DiagnosticSeverity.Error,
            "Every Fence.BeginSignalling() must be ended exactly once, on every path including exceptions, in the method and on the thread that began it: use a using statement or declaration, or EndSignalling in a finally block, and never copy or store the section value.");

        internal static readonly DiagnosticDescriptor UnreservedAddFence = Create(
            UnreservedAddFenceId,
            "AddFence inside a signalling section without a reserved slot",
            "'{0}.AddFence' inside {1} has no ReserveSlots on '{0}' before the section: reserve the slot before the section starts, because adding must not allocate",
            DiagnosticSeverity.Warning,
            "ReservationObject.AddFence never allocates and needs a slot reserved with ReserveSlots (which may allocate) while holding the lock, before the signalling section begins.");

        private const string IndefiniteFenceTitle = "Bounded fence gated by an indefinite source";

        private const string IndefiniteFenceMessage = "{0} only after {1}: that makes it an indefinite fence (the future/proxy-fence pattern), even with a timeout; a bounded fence must never depend on user-controlled completion";

        private const string IndefiniteFenceDescription = "A bounded Fence promises completion in bounded time. Signalling it from a callback of, or after a wait on, a UserFence or a TaskCompletionSource task makes its completion depend on user code: memory management waiting on it can then wait forever.";

        internal static readonly DiagnosticDescriptor IndefiniteFence = Create(
            IndefiniteFenceId, IndefiniteFenceTitle, IndefiniteFenceMessage, DiagnosticSeverity.Error, IndefiniteFenceDescription);

        /// <summary>FG0010 where the gate is a call to a method that waits on an indefinite source: reported once the compilation is summarized.</summary>
        internal static readonly DiagnosticDescriptor IndefiniteFenceThroughCalls = Create(
            IndefiniteFenceId, IndefiniteFenceTitle, IndefiniteFenceMessage, DiagnosticSeverity.Error, IndefiniteFenceDescription, WellKnownDiagnosticTags.CompilationEnd);

        internal static readonly DiagnosticDescriptor IndefiniteFenceShared = Create(
            IndefiniteFenceSharedId,
            "Indefinite fence added to a reservation object",
            "{0} adds {1} to a reservation object, but {1} is indefinite: {2}; every implicit waiter on that object (memory management included) would then wait on user-controlled completion",
            DiagnosticSeverity.Error,
            "Fences in a ReservationObject are waited on implicitly, by code that cannot know where they came from. A fence that depends on a UserFence or a TaskCompletionSource task must never be published there: keep it explicit, between the parties that agreed to wait on it.",
            WellKnownDiagnosticTags.CompilationEnd);

        internal static readonly DiagnosticDescriptor DependencyCycle = Create(
            DependencyCycleId,
            "Fence dependency cycle",
            "Fence dependency cycle: {0}",
            DiagnosticSeverity.Error,
            "Each fence in the cycle can only be signalled after the next one is: none of them ever signals. Break the cycle by signalling before waiting, by moving the wait out of the signalling path, or by not holding the lock while waiting.",
            WellKnownDiagnosticTags.CompilationEnd);

        internal static readonly DiagnosticDescriptor CrossBoundaryCycle = Create(
            CrossBoundaryCycleId,
            "Fence dependency cycle across bounded and indefinite fences",
            "Indefinite fencing dependency cycle: {0}",
            DiagnosticSeverity.Error,
            "Bounded fences wait on user fences (or TaskCompletionSource tasks) that wait on bounded fences: the kernel's 'indefinite fencing dependency cycle'. User code can then hold memory management hostage forever. Bounded fences must never depend on indefinite ones.",
            WellKnownDiagnosticTags.CompilationEnd);

        internal static readonly DiagnosticDescriptor RecoverableFaults = Create(
            RecoverableFaultsId,
            "Recoverable-fault workload and bounded fences",
            "{0} inside {1}: a workload that relies on recoverable page faults may block for unbounded time on memory, so it can neither signal bounded fences nor run while one is being signalled",
            DiagnosticSeverity.Error,
            "A [RecoverableFaults] workload (on-demand memory, recoverable page faults) may stall on memory that only fence completion frees: it must not signal bounded fences or open signalling sections, and signalling code must not run or wait on it.");

        /// <summary>
        /// FG9001: the transport of a build's recorded summaries (a note in the SARIF log, from which the package's build
        /// targets write the file beside the assembly). Only in command-line builds; not configurable, since turning it
        /// off silently would cut every caller's findings at this assembly.
        /// </summary>
        internal static readonly DiagnosticDescriptor SummariesRecorded = new DiagnosticDescriptor(
            SummariesRecordedId,
            "FenceGuard summaries recorded",
            "FenceGuard recorded the summaries of {0} members of '{1}' for the assemblies that call it",
            SummariesCategory,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            "What the assembly's members do (allocate, wait, block, signal, lock) is recorded beside it, so that findings in the projects and packages that call it continue into it.",
            HelpLink(SummariesRecordedId),
            WellKnownDiagnosticTags.NotConfigurable, WellKnownDiagnosticTags.CompilationEnd);

        /// <summary>FG9002: a referenced assembly's summary file that is not used, or only in part, and why.</summary>
        internal static readonly DiagnosticDescriptor SummariesIgnored = new DiagnosticDescriptor(
            SummariesIgnoredId,
            "Recorded FenceGuard summaries not used",
            "The FenceGuard summaries recorded for '{0}' are not used: {1}; calls into it are known by its attributes and the built-in lists only",
            SummariesCategory,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            "A referenced assembly's summary file was written by another version of FenceGuard, or is damaged. Rebuild the library (or update the package) with this version of FenceGuard.",
            HelpLink(SummariesIgnoredId),
            WellKnownDiagnosticTags.CompilationEnd);

        /// <summary>
        /// FG9003: the compilation's fence graph, for the <c>fenceguard</c> tool, which asks for it with the marker
        /// additional file <c>FenceGuard.ExportGraph</c>; never in a build.
        /// </summary>
        internal static readonly DiagnosticDescriptor GraphExported = new DiagnosticDescriptor(
            GraphExportedId,
            "FenceGuard graph exported",
            "FenceGuard exported the fence graph of '{0}': {1} nodes, {2} edges, {3} cycles and inversions",
            GraphCategory,
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            "The fence dependency graph the analyzers built for the compilation, with every node's kind and findings, every edge's reason and place, and each reported cycle, for the fenceguard graph tool to draw.",
            HelpLink(GraphExportedId),
            WellKnownDiagnosticTags.NotConfigurable, WellKnownDiagnosticTags.CompilationEnd);

        /// <summary>
        /// FG0006's message parts: <c>{0}</c> is the construct and what is wrong with it ("'Fence.BeginSignalling()' at
        /// line 12 is discarded:"), <c>{1}</c> why it matters.
        /// </summary>
        internal static class UnbalancedSectionText
        {
            internal const string BeginAtLine = "'Fence.BeginSignalling()' at line {0}";

            internal const string Copies = "copies the signalling section begun at line {0}:";

            internal const string Discarded = "is discarded:";

            internal const string DiscardedWhy = "the section can never be ended; use 'using (Fence.BeginSignalling()) { ... }'";

            internal const string Stored = "is stored or passed on:";

            internal const string StoredWhy = "a section must be ended by the method that begins it, on the same thread; keep it in a local ended in a finally block, or use a using statement";

            internal const string CopiedWhy = "a section value must not be copied, stored or captured; end it in the method that begins it";

            internal const string NeverEnded = "is never ended:";

            internal const string NeverEndedWhy = "end the section with a using declaration, or with EndSignalling in a finally block";

            internal const string NotEndedOnEveryPath = "is not ended on every path:";

            internal const string NotEndedOnEveryPathWhy = "an exception or an early return before EndSignalling leaves the section open; use a using declaration or try/finally";

            internal const string EndedTwiceWithFinally = "ends a section that the finally block also ends:";

            internal const string EndedTwiceWhy = "the section would be ended twice; remove this call";

            internal const string EndedTwiceWithUsing = "ends a section that its using declaration also ends:";

            internal const string NotOpen = "ends a section that is not open:";

            internal const string NotOpenWhy = "the value was not returned by Fence.BeginSignalling()";

            internal const string NotBegunHere = "ends a section this method did not begin:";

            internal const string NotBegunHereWhy = "sections must be ended by the method that begins them, on the same thread";

            /// <summary>FG0006's two message arguments for one imbalance: what happened (naming the construct), and why it matters.</summary>
            internal static (string What, string Why) For(Regions.Imbalance imbalance)
            {
                (string what, string why) = imbalance.Kind switch
                {
                    Regions.ImbalanceKind.Discarded => (Discarded, DiscardedWhy),
                    Regions.ImbalanceKind.Stored => (Stored, StoredWhy),
                    Regions.ImbalanceKind.Copied => (string.Format(System.Globalization.CultureInfo.InvariantCulture, Copies, imbalance.CopiedBeginLine), CopiedWhy),
                    Regions.ImbalanceKind.NeverEnded => (NeverEnded, NeverEndedWhy),
                    Regions.ImbalanceKind.NotEndedOnEveryPath => (NotEndedOnEveryPath, NotEndedOnEveryPathWhy),
                    Regions.ImbalanceKind.EndedTwiceWithFinally => (EndedTwiceWithFinally, EndedTwiceWhy),
                    Regions.ImbalanceKind.EndedTwiceWithUsing => (EndedTwiceWithUsing, EndedTwiceWhy),
                    Regions.ImbalanceKind.NotOpen => (NotOpen, NotOpenWhy),
                    _ => (NotBegunHere, NotBegunHereWhy),
                };
                string construct = imbalance.BeginLine is { } line
                    ? string.Format(System.Globalization.CultureInfo.InvariantCulture, BeginAtLine, line)
                    : $"'{imbalance.Construct}'";
                return (construct + " " + what, why);
            }
        }

        internal static string HelpLink(string id) => $"https://github.com/fenceguard/fenceguard/blob/main/docs/rules/{id}.md";

        private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity, string description, params string[] customTags) =>
            new DiagnosticDescriptor(id, title, message, SignallingCategory, severity, isEnabledByDefault: true, description, HelpLink(id), customTags);
    }
}
