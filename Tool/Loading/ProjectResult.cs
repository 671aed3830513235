using System.Collections.Generic;
using FenceGuard.Tool.Graph;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Tool.Loading
{
    /// <summary>One project analysed: its FenceGuard findings, its graph, and whether it compiled.</summary>
    internal sealed class ProjectResult
    {
        public ProjectResult(string name, IReadOnlyList<Diagnostic> findings, GraphModel? graph, int compilerErrors, bool referencesFenceGuard)
        {
            Name = name;
            Findings = findings;
            Graph = graph;
            CompilerErrors = compilerErrors;
            ReferencesFenceGuard = referencesFenceGuard;
        }

        public string Name { get; }

        /// <summary>The FG0xxx diagnostics, with the severities the project's options give them.</summary>
        public IReadOnlyList<Diagnostic> Findings { get; }

        /// <summary>The graph the analyzers exported (FG9003), or null when the project does not use FenceGuard.</summary>
        public GraphModel? Graph { get; }

        public int CompilerErrors { get; }

        public bool ReferencesFenceGuard { get; }
    }
}
