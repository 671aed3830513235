using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Build.Locator;

namespace FenceGuard.Tool
{
    /// <summary>Registers MSBuild (the .NET SDK's), then runs the command; any failure is one line and an exit code.</summary>
    public static class Program
    {
        public static async Task<int> Main(string[] args)
        {
            if (args.Length > 0 && args[0] is "graph" or "check" && !MSBuildLocator.IsRegistered)
            {
                try
                {
                    MSBuildLocator.RegisterDefaults();
                }
                catch (InvalidOperationException e)
                {
                    Console.Error.WriteLine("fenceguard: no MSBuild found (install the .NET SDK): " + e.Message);
                    return ExitCodes.NoMSBuild;
                }
            }

            try
            {
                return await Run(args).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                Console.Error.WriteLine("fenceguard: " + e.Message);
                return ExitCodes.LoadFailed;
            }
        }

        // Apart from Main, so that no MSBuild type is loaded before the locator has registered MSBuild.
        private static Task<int> Run(string[] args) =>
            new Cli(Console.Out, Console.Error, interactive: !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null)
                .RunAsync(args, CancellationToken.None);
    }
}
