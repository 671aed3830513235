using System.Collections.Generic;

namespace FenceGuard.Tool.Graph
{
    /// <summary>A node of the picture: a fence, reservation object, user fence, task source, lock class or the signalling map.</summary>
    internal sealed class GraphNodeModel
    {
        public GraphNodeModel(string key, string display, string kind, IReadOnlyList<string> rules)
        {
            Key = key;
            Display = display;
            Kind = kind;
            Rules = rules;
        }

        public string Key { get; }

        public string Display { get; }

        /// <summary>Fence, Reservation, UserFence, TaskSource, Lock or SignallingMap.</summary>
        public string Kind { get; }

        /// <summary>The rules reported on the node (FG0005, FG0010, FG0011, FG0020, FG0021).</summary>
        public IReadOnlyList<string> Rules { get; }
    }
}
