using System.Text;

namespace FenceGuard.Analyzers.Summaries
{
    /// <summary>
    /// The record's transport encoding: UTF-8, then base64url without padding (RFC 4648 §5), written straight from the
    /// builder the record was written into. A record runs to megabytes, and the obvious chain (the builder's string, its
    /// bytes, their base64, two replacements and a trim) allocates six copies of it; this allocates the result and one
    /// buffer of its size, plus small fixed ones.
    /// </summary>
    internal static class Base64Url
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        private const int ChunkChars = 4096;

        public static string Encode(StringBuilder text)
        {
            var utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            var chars = new char[ChunkChars];

            // First pass: the UTF-8 length, so the result is allocated once. A chunk never ends between the two halves
            // of a surrogate pair, so each is encoded on its own.
            long byteCount = 0;
            for (int at = 0, count; at < text.Length; at += count)
            {
                count = Chunk(text, at, chars);
                byteCount += utf8.GetByteCount(chars, 0, count);
            }

            var output = new char[(int)((byteCount * 4 + 2) / 3)];
            var bytes = new byte[utf8.GetMaxByteCount(ChunkChars) + 2];
            int carried = 0; // bytes of an incomplete 3-byte group, kept at the front of the buffer
            int written = 0;
            for (int at = 0, count; at < text.Length; at += count)
            {
                count = Chunk(text, at, chars);
                int available = carried + utf8.GetBytes(chars, 0, count, bytes, carried);
                int whole = available - (available % 3);
                written = Groups(bytes, whole, output, written);
                carried = available - whole;
                for (int i = 0; i < carried; i++)
                {
                    bytes[i] = bytes[whole + i];
                }
            }

            if (carried == 1)
            {
                output[written++] = Alphabet[bytes[0] >> 2];
                output[written++] = Alphabet[(bytes[0] & 0x03) << 4];
            }
            else if (carried == 2)
            {
                output[written++] = Alphabet[bytes[0] >> 2];
                output[written++] = Alphabet[((bytes[0] & 0x03) << 4) | (bytes[1] >> 4)];
                output[written++] = Alphabet[(bytes[1] & 0x0F) << 2];
            }

            return new string(output, 0, written);
        }

        /// <summary>Copies the next chunk from <paramref name="at"/>, one character short when it would end on a high surrogate.</summary>
        private static int Chunk(StringBuilder text, int at, char[] chars)
        {
            int count = System.Math.Min(ChunkChars, text.Length - at);
            text.CopyTo(at, chars, 0, count);
            if (count > 1 && at + count < text.Length && char.IsHighSurrogate(chars[count - 1]))
            {
                count--;
            }

            return count;
        }

        private static int Groups(byte[] bytes, int length, char[] output, int written)
        {
            for (int i = 0; i < length; i += 3)
            {
                int group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
                output[written] = Alphabet[group >> 18];
                output[written + 1] = Alphabet[(group >> 12) & 0x3F];
                output[written + 2] = Alphabet[(group >> 6) & 0x3F];
                output[written + 3] = Alphabet[group & 0x3F];
                written += 4;
            }

            return written;
        }
    }
}
