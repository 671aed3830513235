using FenceGuard.Analyzers.Operations;
using FenceGuard.Analyzers.Summaries;

namespace FenceGuard.Analyzers.Reporting
{
    /// <summary>How messages name indefinite sources and the gates FG0010 reports.</summary>
    internal static class GateText
    {
        /// <summary>"the user fence 'present'", "the TaskCompletionSource task 'tcs.Task'", or a bounded source's text.</summary>
        public static string Describe(FenceSource source) => source.Kind switch
        {
            FenceSourceKind.UserFence => $"the user fence '{source.Text}'",
            FenceSourceKind.TaskSource => $"the TaskCompletionSource task '{source.Text}'",
            _ => $"'{source.Text}'",
        };

        /// <summary>The gate's source, or "the call to 'Await', which waits on the user fence 'Client._ready' (File.cs line 9)".</summary>
        public static string Describe(Gate gate)
        {
            if (gate.Source is { } source)
            {
                return Describe(source);
            }

            string what = gate.Waited is { IsParameter: true } parameter ? $"its {parameter.Display}, an indefinite source" : $"the indefinite {gate.Waited?.Display}";
            return $"the call to '{CallChains.DisplayName(gate.Waiter!)}', which waits on {what} ({Places.Where(gate.WaitSite ?? gate.At)})";
        }
    }
}
