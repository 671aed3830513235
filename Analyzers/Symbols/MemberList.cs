using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace FenceGuard.Analyzers.Symbols
{
    /// <summary>
    /// A list of base-library members by name: <c>Namespace.Type.Member</c> (every overload) or <c>Namespace.Type</c>
    /// (every member), generic arity left out (<c>System.Collections.Generic.List.Add</c>). Used for the built-in list of
    /// allocating members and the user's additions (<c>.editorconfig</c> key <c>fenceguard.allocating_members</c>, or an
    /// additional file named <c>FenceGuard.AllocatingMembers.txt</c>, one entry per line, <c>#</c> comments).
    /// </summary>
    internal sealed class MemberList
    {
        public static readonly MemberList BuiltInAllocating = Parse(
            "System.String.Format System.String.Concat System.String.Join System.String.Split System.String.Substring " +
            "System.String.Replace System.String.ToUpper System.String.ToLower System.String.ToUpperInvariant " +
            "System.String.ToLowerInvariant System.String.Trim System.String.TrimStart System.String.TrimEnd " +
            "System.String.PadLeft System.String.PadRight System.String.Insert System.String.Remove System.String.Create " +
            "System.Text.StringBuilder.ToString System.Text.StringBuilder.Append System.Text.StringBuilder.AppendFormat " +
            "System.Text.StringBuilder.AppendLine System.Text.StringBuilder.Insert " +
            "System.Collections.Generic.List.Add System.Collections.Generic.List.AddRange System.Collections.Generic.List.Insert " +
            "System.Collections.Generic.List.InsertRange System.Collections.Generic.List.ToArray System.Collections.Generic.List.ConvertAll " +
            "System.Collections.Generic.List.FindAll System.Collections.Generic.List.GetRange " +
            "System.Collections.Generic.Dictionary.Add System.Collections.Generic.Dictionary.TryAdd " +
            "System.Collections.Generic.HashSet.Add System.Collections.Generic.Queue.Enqueue System.Collections.Generic.Queue.ToArray " +
            "System.Collections.Generic.Stack.Push System.Collections.Generic.Stack.ToArray System.Array.Resize " +
            "System.Linq.Enumerable System.Threading.Tasks.Task.Run System.Threading.Tasks.Task.Delay " +
            "System.Threading.Tasks.Task.WhenAll System.Threading.Tasks.Task.WhenAny System.Threading.Tasks.Task.ContinueWith " +
            "System.Threading.Tasks.TaskFactory.StartNew System.Threading.ThreadPool.QueueUserWorkItem " +
            "System.Enum.ToString System.Enum.GetNames System.Enum.GetValues System.Delegate.Combine " +
            // Formatting a number or a value makes a string. Measured on .NET 10: ulong 40 bytes, long 48, int and uint 40
            // (0 for the values below 300, which are cached), short 32, double, float and decimal 32, char 24, Guid 96,
            // DateTime 64, TimeSpan 40. byte never allocates (every value is cached) and bool returns a constant.
            "System.SByte.ToString System.Int16.ToString System.UInt16.ToString System.Int32.ToString System.UInt32.ToString " +
            "System.Int64.ToString System.UInt64.ToString System.Int128.ToString System.UInt128.ToString System.IntPtr.ToString " +
            "System.UIntPtr.ToString System.Half.ToString System.Single.ToString System.Double.ToString System.Decimal.ToString " +
            "System.Char.ToString System.Guid.ToString System.DateTime.ToString System.DateTimeOffset.ToString System.TimeSpan.ToString " +
            "System.DateOnly.ToString System.TimeOnly.ToString System.Numerics.BigInteger.ToString " +
            "System.Convert.ToString System.Convert.ToBase64String System.BitConverter.ToString System.String.ToCharArray");

        private readonly ImmutableHashSet<string> _entries;

        // Qualified type names, built once per type (in a list made for one compilation).
        private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, string>? _typeNames;

        // Answers per member, kept only by a list made for one compilation (ForCompilation): a list that lives in a
        // static field must hold no symbol, or it would keep every compilation it was ever asked about alive.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool>? _answers;

        private MemberList(ImmutableHashSet<string> entries, bool cached = false)
        {
            _entries = entries;
            _typeNames = cached ? new System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default) : null;
            _answers = cached ? new System.Collections.Concurrent.ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default) : null;
        }

        /// <summary>The same entries, with answers cached for the life of one compilation's state.</summary>
        public MemberList ForCompilation() => new MemberList(_entries, cached: true);

        public bool IsEmpty => _entries.IsEmpty;

        public static MemberList Parse(string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return new MemberList(ImmutableHashSet<string>.Empty);
            }

            var builder = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
            foreach (string rawLine in text!.Split('\n'))
            {
                int comment = rawLine.IndexOf('#');
                string line = comment >= 0 ? rawLine.Substring(0, comment) : rawLine;
                foreach (string entry in line.Split(new[] { ' ', '\t', '\r', ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    builder.Add(entry.Trim());
                }
            }

            return new MemberList(builder.ToImmutable());
        }

        public MemberList Union(MemberList other) =>
            other.IsEmpty ? this : IsEmpty ? other : new MemberList(_entries.Union(other._entries), cached: _answers is not null || other._answers is not null);

        public bool Contains(ISymbol member)
        {
            if (_entries.IsEmpty || member.ContainingType is null)
            {
                return false;
            }

            // Asked for every call of every body that matters: the answer is kept per member, so its qualified name is
            // built once, not on every call.
            if (_answers is null)
            {
                return Lookup(member);
            }

            return _answers.TryGetValue(member, out bool known) ? known : _answers.GetOrAdd(member, Lookup(member));
        }

        private bool Lookup(ISymbol member)
        {
            string typeName = _typeNames is null ? TypeName(member.ContainingType) : _typeNames.GetOrAdd(member.ContainingType, TypeName);
            return _entries.Contains(typeName) || _entries.Contains(typeName + "." + member.Name);
        }

        private static string TypeName(INamedTypeSymbol type)
        {
            var parts = new List<string>();
            for (INamedTypeSymbol? current = type; current is not null; current = current.ContainingType)
            {
                parts.Insert(0, current.Name);
            }

            if (type.ContainingNamespace is { IsGlobalNamespace: false } ns)
            {
                parts.Insert(0, ns.ToDisplayString());
            }

            return string.Join(".", parts);
        }
    }
}
