using System.ComponentModel;
using System.Diagnostics;

namespace FenceGuard.Tool.Rendering
{
    /// <summary>SVG from DOT through Graphviz's <c>dot</c> program, when it is on PATH.</summary>
    internal static class Graphviz
    {
        public const string Missing =
            "Graphviz's 'dot' program is not on PATH, and --format svg and html need it: install Graphviz (apt-get install graphviz, brew install graphviz, winget install graphviz), or use --format dot or --format mermaid.";

        /// <summary>The SVG, or null with the reason (<see cref="Missing"/>, or what dot said).</summary>
        public static string? ToSvg(string dot, out string? error)
        {
            error = null;
            var start = new ProcessStartInfo("dot", "-Tsvg")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            try
            {
                using Process process = Process.Start(start)!;
                process.StandardInput.Write(dot);
                process.StandardInput.Close();
                System.Threading.Tasks.Task<string> stderr = process.StandardError.ReadToEndAsync();
                string svg = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode != 0)
                {
                    error = "Graphviz's dot failed: " + stderr.GetAwaiter().GetResult().Trim();
                    return null;
                }

                return svg;
            }
            catch (Win32Exception)
            {
                error = Missing;
                return null;
            }
        }
    }
}
