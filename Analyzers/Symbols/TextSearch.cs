using System;
using Microsoft.CodeAnalysis.Text;

namespace FenceGuard.Analyzers.Symbols
{
    /// <summary>
    /// Ordinal searches of a file's text in chunks (no copy of the whole text): the cheap checks that tell which files can
    /// name FenceGuard or its attributes. Reports too whether a <c>\u</c> or <c>\U</c> escape occurs, since an identifier
    /// may be spelled with escapes; callers then check tokens, or assume the name is there.
    /// </summary>
    internal static class TextSearch
    {
        private const int Chunk = 8192;

        /// <summary>One buffer per thread, reused: every file of a compilation is searched, and each search would allocate one.</summary>
        [ThreadStatic]
        private static char[]? t_buffer;

        /// <summary>Whether any of <paramref name="names"/> occurs in <paramref name="text"/>, and whether an escape does.</summary>
        public static (bool Found, bool Escapes) Find(SourceText text, params string[] names)
        {
            int longest = 0;
            foreach (string name in names)
            {
                longest = Math.Max(longest, name.Length);
            }

            char[] buffer = t_buffer is { } reused && reused.Length >= Chunk + longest ? reused : (t_buffer = new char[Chunk + longest]);
            bool escapes = false;
            for (int start = 0; start < text.Length; start += Chunk)
            {
                // Each chunk overlaps the next by the longest name's length less one, so no occurrence falls between two.
                int count = Math.Min(Chunk + longest - 1, text.Length - start);
                text.CopyTo(start, buffer, 0, count);
                var window = new ReadOnlySpan<char>(buffer, 0, count);
                foreach (string name in names)
                {
                    if (window.IndexOf(name.AsSpan(), StringComparison.Ordinal) >= 0)
                    {
                        return (true, escapes);
                    }
                }

                escapes = escapes || window.IndexOf("\\u".AsSpan(), StringComparison.Ordinal) >= 0 || window.IndexOf("\\U".AsSpan(), StringComparison.Ordinal) >= 0;
            }

            return (false, escapes);
        }
    }
}
