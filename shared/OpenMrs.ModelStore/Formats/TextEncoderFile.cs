using OpenMrs.ModelStore.Store;
using OpenMrs.Recommender.Text;

namespace OpenMrs.ModelStore.Formats;

/// <summary>
/// The one reader and writer of a fitted <see cref="ITextEncoder"/> inside a model file: the encoder's
/// <see cref="ITextEncoder.Name"/> (length-prefixed UTF-8), then its own body. <c>tfidf</c>: a bool (sublinear tf),
/// an int32 word count, then per word the word (length-prefixed UTF-8) and its idf (float32). A new encoder kind adds
/// one case to each switch.
/// </summary>
public static class TextEncoderFile
{
    private const int MaxWords = 10_000_000;

    /// <exception cref="ArgumentException">The encoder's kind has no file format.</exception>
    public static void Write(BinaryWriter writer, ITextEncoder encoder)
    {
        writer.Write(encoder.Name);
        switch (encoder)
        {
            case TfIdfTextEncoder tfidf:
                writer.Write(tfidf.SublinearTf);
                writer.Write(tfidf.Dimension);
                for (var i = 0; i < tfidf.Dimension; i++)
                {
                    writer.Write(tfidf.Words[i]);
                    writer.Write(tfidf.Idf[i]);
                }
                break;
            default:
                throw new ArgumentException($"the text encoder '{encoder.Name}' has no model file format");
        }
    }

    /// <exception cref="ModelFormatException">The encoder kind is unknown or its body is invalid.</exception>
    /// <exception cref="EndOfStreamException">The body is truncated.</exception>
    public static ITextEncoder Read(BinaryReader reader)
    {
        var name = reader.ReadString();
        switch (name)
        {
            case TfIdfTextEncoder.KindName:
                var sublinear = reader.ReadBoolean();
                var count = reader.ReadInt32();
                if (count is < 1 or > MaxWords) throw new ModelFormatException($"tfidf encoder: invalid word count {count}");
                var words = new string[count];
                var idf = new float[count];
                for (var i = 0; i < count; i++)
                {
                    words[i] = reader.ReadString();
                    idf[i] = reader.ReadSingle();
                }
                return new TfIdfTextEncoder(words, idf, sublinear);
            default:
                throw new ModelFormatException($"unknown text encoder '{name}'");
        }
    }
}
