using System.Text;
using FenceGuard.Analyzers.Summaries;

namespace FenceGuard.Analyzers.Tests.Summaries;

/// <summary>The record's transport encoding is exactly UTF-8 then base64url without padding, for any text and length.</summary>
public class Base64UrlTests
{
    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("member\tM:N.C.M\n")]
    [InlineData("é\u00ff\u4e2d\U0001F600")] // two-, three- and four-byte characters
    [InlineData("??>>~~")] // base64 '+' and '/' positions, which base64url spells '-' and '_'
    public void Text_IsEncodedAsUtf8Base64UrlWithoutPadding(string text)
    {
        Assert.Equal(Reference(text), Base64Url.Encode(new StringBuilder(text)));
    }

    [Theory]
    [InlineData(4095, 1)] // a surrogate pair split between two 4,096-character chunks
    [InlineData(4096, 3)]
    [InlineData(12289, 2)]
    [InlineData(100_000, 7)]
    public void LongText_AcrossChunks_IsEncodedTheSame(int length, int seed)
    {
        var random = new System.Random(seed);
        var text = new StringBuilder(length + 2);
        while (text.Length < length)
        {
            _ = random.Next(5) switch
            {
                0 => text.Append('\t'),
                1 => text.Append('é'),
                2 => text.Append("\U0001F600"),
                _ => text.Append((char)random.Next('a', 'z' + 1)),
            };
        }

        Assert.Equal(Reference(text.ToString()), Base64Url.Encode(text));
    }

    private static string Reference(string text) =>
        System.Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
