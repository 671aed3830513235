using System.IO;

namespace FenceGuard.Analyzers.Tests.Verifiers;

/// <summary>The repository the tests run in: for tests that read its docs, release files and sources.</summary>
internal static class Repository
{
    /// <summary>The folder that holds Analyzers.sln, found upward from the test binaries.</summary>
    public static string Root()
    {
        for (DirectoryInfo? dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Analyzers.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found");
    }
}
