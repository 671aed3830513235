namespace FenceGuard.Tool.Rendering
{
    /// <summary>What each node kind and edge kind looks like, for every format: the README's legend is this table.</summary>
    internal static class NodeStyle
    {
        public const string FindingColour = "#c62828";

        /// <summary>Graphviz attributes of a node kind.</summary>
        public static string Dot(string kind) => kind switch
        {
            "Fence" => "shape=box, style=\"rounded,filled\", fillcolor=\"#e3f2fd\"",
            "Reservation" => "shape=box3d, style=filled, fillcolor=\"#e8f5e9\"",
            "UserFence" => "shape=ellipse, style=filled, fillcolor=\"#ffe0b2\"",
            "TaskSource" => "shape=ellipse, style=\"filled,dashed\", fillcolor=\"#ffe0b2\"",
            "Lock" => "shape=hexagon, style=filled, fillcolor=\"#eeeeee\"",
            "SignallingMap" => "shape=doubleoctagon, style=filled, fillcolor=\"#ede7f6\"",
            _ => "shape=box",
        };

        /// <summary>What an edge kind says, short: the label's first line.</summary>
        public static string Verb(string kind) => kind switch
        {
            "WaitsOn" => "signalled after waiting on",
            "CallbackOf" => "signalled from a callback of",
            "TakesLock" => "signalled after taking",
            "HeldWhileWaiting" => "held while waiting on",
            "Holds" => "holds",
            "TakenInSection" => "takes, inside a section,",
            _ => kind,
        };
    }
}
