namespace FenceGuard.Tool.Graph
{
    /// <summary>An edge of the picture: why <see cref="From"/> depends on <see cref="To"/>, and where the code says so.</summary>
    internal sealed class GraphEdgeModel
    {
        public GraphEdgeModel(string from, string to, string kind, string file, int line, string why)
        {
            From = from;
            To = to;
            Kind = kind;
            File = file;
            Line = line;
            Why = why;
        }

        public string From { get; }

        public string To { get; }

        /// <summary>WaitsOn, CallbackOf, TakesLock, HeldWhileWaiting, Holds or TakenInSection.</summary>
        public string Kind { get; }

        public string File { get; }

        public int Line { get; }

        public string Why { get; }

        /// <summary>"File.cs:12".</summary>
        public string Place => $"{System.IO.Path.GetFileName(File)}:{Line}";
    }
}
