using System;
using System.IO;
using System.Linq;

namespace FenceGuard.Tool.Loading
{
    /// <summary>What a PATH argument names: a project or solution file, or a folder holding exactly one of them.</summary>
    internal static class ProjectPaths
    {
        /// <summary>The project or solution file, or null with one line saying why.</summary>
        public static string? Resolve(string path, out string? error)
        {
            error = null;
            string full = Path.GetFullPath(path);
            if (File.Exists(full))
            {
                if (IsProjectOrSolution(full))
                {
                    return full;
                }

                error = $"'{path}' is not a .csproj, .sln or .slnx file.";
                return null;
            }

            if (!Directory.Exists(full))
            {
                error = $"'{path}' does not exist.";
                return null;
            }

            string[] solutions = Directory.GetFiles(full, "*.slnx").Concat(Directory.GetFiles(full, "*.sln")).ToArray();
            string[] candidates = solutions.Length > 0 ? solutions : Directory.GetFiles(full, "*.csproj");
            if (candidates.Length == 1)
            {
                return candidates[0];
            }

            error = candidates.Length == 0
                ? $"'{path}' holds no .csproj, .sln or .slnx file."
                : $"'{path}' holds {candidates.Length} {(solutions.Length > 0 ? "solutions" : "projects")}: name one ({string.Join(", ", candidates.Select(Path.GetFileName))}).";
            return null;
        }

        private static bool IsProjectOrSolution(string file) =>
            file.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) || file.EndsWith(".sln", StringComparison.OrdinalIgnoreCase) ||
            file.EndsWith(".slnx", StringComparison.OrdinalIgnoreCase);
    }
}
