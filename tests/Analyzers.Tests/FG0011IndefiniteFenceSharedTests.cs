using Verify = FenceGuard.Analyzers.Tests.Verifiers.CSharpAnalyzerVerifier<FenceGuard.Analyzers.Rules.DependencyGraphAnalyzer>;

namespace FenceGuard.Analyzers.Tests;

public class FG0011IndefiniteFenceSharedTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using FenceGuard;\n";

    [Fact]
    public async Task AProxyFenceAddedToAReservationObject_IsReported_WithWhyItIsIndefinite()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Importer
            {
                readonly UserFence _client = new("client");
                readonly ReservationObject _buffer = new();
                Fence _proxy = null!;

                void Arm() => _client.{|#1:AddCallback|}(_ => _proxy.Signal());

                void Share()
                {
                    using (_buffer.Lock())
                    {
                        _buffer.ReserveSlots(1);
                        _buffer.{|#0:AddFence|}(_proxy, FenceUsage.Write);
                    }
                }
            }
            """,
            Verify.Diagnostic("FG0011").WithLocation(0).WithLocation(1).WithArguments(
                "'AddFence'", "'Importer._proxy'", "'Importer._proxy' is signalled from a callback of 'Importer._client' (Test0.cs line 8)"));
    }

    [Fact]
    public async Task IndefiniteThroughAChain_AndAddedThroughAHelper_IsReportedAtTheCallSite()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Importer
            {
                readonly TaskCompletionSource _client = new();
                readonly ReservationObject _buffer = new();
                Fence _staged = null!, _final = null!;

                async Task StageAsync() { {|#1:await _client.Task|}; _staged.Signal(); }
                void Finish() { _staged.{|#2:Wait|}(); _final.Signal(); }

                void Publish(Fence fence)
                {
                    using (_buffer.Lock())
                    {
                        _buffer.ReserveSlots(1);
                        _buffer.AddFence(fence, FenceUsage.Read);
                    }
                }

                void Share() => {|#0:Publish|}(_final);
            }
            """,
            Verify.Diagnostic("FG0011").WithLocation(0).WithLocation(2).WithLocation(1).WithArguments(
                "'Publish'", "'Importer._final'",
                "'Importer._final' is signalled after waiting on 'Importer._staged' (Test0.cs line 9), 'Importer._staged' is signalled after waiting on 'Importer._client' (Test0.cs line 8)"));
    }

    [Fact]
    public async Task BoundedFences_AndFencesOnlyAUserFenceWaitsOn_MayBeAdded()
    {
        await Verify.VerifyAnalyzerAsync(Usings + """
            class Renderer
            {
                readonly UserFence _present = new("present");
                readonly ReservationObject _buffer = new();
                Fence _render = null!, _copy = null!;

                void Copy() { _render.Wait(); _copy.Signal(); }
                void Present() { _copy.Wait(); _present.Signal(); }   // the user fence depends on ours, not the reverse

                void Share(Fence parameterOnly)
                {
                    using (_buffer.Lock())
                    {
                        _buffer.ReserveSlots(2);
                        _buffer.AddFence(_copy, FenceUsage.Write);
                        _buffer.AddFence(parameterOnly, FenceUsage.Read);   // unknown at this level, no caller binds it
                    }
                }
            }
            """);
    }
}
