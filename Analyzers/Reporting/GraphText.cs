using System.Linq;
using FenceGuard.Analyzers.Graph;
using FenceGuard.Analyzers.Summaries;

namespace FenceGuard.Analyzers.Reporting
{
    /// <summary>How messages describe the fence graph's edges and cycles.</summary>
    internal static class GraphText
    {
        /// <summary>"'Ring._post' is signalled after waiting on 'Sync._done'" and so on.</summary>
        public static string Describe(FenceEdge edge) => edge.Kind switch
        {
            EdgeKind.WaitsOn => $"{edge.From.Display} is signalled after waiting on {edge.To.Display}",
            EdgeKind.CallbackOf => $"{edge.From.Display} is signalled from a callback of {edge.To.Display}",
            EdgeKind.TakesLock => $"{edge.From.Display} is signalled after taking {edge.To.Display}",
            EdgeKind.HeldWhileWaiting => $"{edge.From.Display} is held while waiting on {edge.To.Display}",
            _ => $"{edge.From.Display} holds {edge.To.Display}",
        };

        /// <summary>"'A' is signalled after waiting on 'B' (File.cs line 12) → 'B' is ... (line 30)".</summary>
        public static string Describe(FenceCycle cycle) => string.Join(" → ", cycle.Edges.Select(e => $"{Describe(e)} ({Places.Where(e.Site)})"));
    }
}
