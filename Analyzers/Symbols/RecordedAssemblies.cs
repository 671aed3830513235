using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace FenceGuard.Analyzers.Symbols
{
    /// <summary>
    /// The referenced assemblies whose members are known by a recorded summary instead of by attributes and the built-in
    /// lists: an assembly with a summary file beside it (<c>XLib.fenceguard</c>, passed as an additional file by the
    /// package's build targets), and, in the IDE, a project reference (a compilation reference) to a project that
    /// references the FenceGuard runtime. Never the runtime itself: what its members do is modelled, not summarized. A call into one of these is a call like any other: its callee's summary is
    /// the recorded one. Resolved once per compilation, when first asked.
    /// </summary>
    internal sealed class RecordedAssemblies
    {
        /// <summary>The side-car's extension (<c>XLib.fenceguard</c>); the summary format itself lives in <c>SummaryFormat</c>.</summary>
        public const string SideCarExtension = ".fenceguard";

        public static readonly RecordedAssemblies None = new RecordedAssemblies(null, new Dictionary<string, AdditionalText>());

        private readonly Compilation? _compilation;
        private readonly Dictionary<string, AdditionalText> _sideCars;
        private readonly object _gate = new object();
        private Dictionary<IAssemblySymbol, (AdditionalText? SideCar, Compilation? Source)>? _recorded;

        private RecordedAssemblies(Compilation? compilation, Dictionary<string, AdditionalText> sideCars)
        {
            _compilation = compilation;
            _sideCars = sideCars;
        }

        /// <summary>The compilation's recorded references, from its additional files (by name: no file is read here) and its compilation references.</summary>
        public static RecordedAssemblies For(Compilation compilation, AnalyzerOptions options)
        {
            var sideCars = new Dictionary<string, AdditionalText>(System.StringComparer.OrdinalIgnoreCase);
            foreach (AdditionalText file in options.AdditionalFiles)
            {
                if (file.Path.EndsWith(SideCarExtension, System.StringComparison.OrdinalIgnoreCase))
                {
                    string name = System.IO.Path.GetFileName(file.Path);
                    name = name.Substring(0, name.Length - SideCarExtension.Length);
                    if (!sideCars.ContainsKey(name))
                    {
                        sideCars[name] = file; // the first of two with one name (none expected) wins, deterministically
                    }
                }
            }

            return new RecordedAssemblies(compilation, sideCars);
        }

        /// <summary>The summary files passed to the compilation, by assembly name.</summary>
        public IReadOnlyDictionary<string, AdditionalText> SideCars => _sideCars;

        /// <summary>Every recorded reference.</summary>
        public IEnumerable<IAssemblySymbol> All => Recorded().Keys;

        /// <summary>Whether calls into <paramref name="assembly"/> are known by recorded summaries (cheap: one lookup).</summary>
        public bool Contains(IAssemblySymbol? assembly) => assembly is not null && Recorded().ContainsKey(assembly);

        /// <summary>Where <paramref name="assembly"/>'s summaries come from: its summary file, or (in the IDE) its project's compilation.</summary>
        public (AdditionalText? SideCar, Compilation? Source) SourceOf(IAssemblySymbol assembly) =>
            Recorded().TryGetValue(assembly, out (AdditionalText?, Compilation?) source) ? source : (null, null);

        private Dictionary<IAssemblySymbol, (AdditionalText?, Compilation?)> Recorded()
        {
            if (Volatile.Read(ref _recorded) is { } resolved)
            {
                return resolved; // every call of every body asks: no lock once resolved
            }

            lock (_gate)
            {
                return _recorded ??= Resolve();
            }
        }

        private Dictionary<IAssemblySymbol, (AdditionalText?, Compilation?)> Resolve()
        {
            var recorded = new Dictionary<IAssemblySymbol, (AdditionalText?, Compilation?)>(SymbolEqualityComparer.Default);
            if (_compilation is null)
            {
                return recorded;
            }

            // A project reference's live compilation first: fresher than a file its last build left beside its output.
            foreach (MetadataReference reference in _compilation.References)
            {
                if (reference is CompilationReference { Compilation: { } source } &&
                    _compilation.GetAssemblyOrModuleSymbol(reference) is IAssemblySymbol assembly &&
                    !SymbolEqualityComparer.Default.Equals(assembly, _compilation.Assembly) &&
                    TypeLookup.Find(source, "FenceGuard.Fence") is { } fence &&
                    !SymbolEqualityComparer.Default.Equals(fence.ContainingAssembly, source.Assembly))
                {
                    recorded[assembly] = (null, source); // not the runtime itself: what its members do is FenceApi's to say
                }
            }

            if (_sideCars.Count > 0)
            {
                foreach (IAssemblySymbol assembly in _compilation.SourceModule.ReferencedAssemblySymbols)
                {
                    if (!recorded.ContainsKey(assembly) && _sideCars.TryGetValue(assembly.Identity.Name, out AdditionalText? file) &&
                        assembly.GetTypeByMetadataName("FenceGuard.Fence") is null)
                    {
                        recorded[assembly] = (file, null);
                    }
                }
            }

            return recorded;
        }
    }
}
