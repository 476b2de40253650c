using System.Runtime.InteropServices;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Numerics;

namespace OpenMrs.Recommender.Persistence;

/// <summary>Length-prefixed little-endian arrays, sparse and dense matrices for model payloads.</summary>
public static class BinaryIo
{
    public static void WriteArray<T>(this BinaryWriter writer, T[] values) where T : unmanaged
    {
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
    }

    public static T[] ReadArray<T>(this BinaryReader reader) where T : unmanaged
    {
        var values = new T[reader.ReadCount(System.Runtime.CompilerServices.Unsafe.SizeOf<T>())];
        var bytes = MemoryMarshal.AsBytes(values.AsSpan());
        if (reader.Read(bytes) != bytes.Length) throw new ModelFormatException("model file ends inside an array");
        return values;
    }

    /// <summary>A length prefix, checked against what is left of a seekable stream so corrupt input cannot ask for huge arrays.</summary>
    public static int ReadCount(this BinaryReader reader, int bytesPerElement)
    {
        var count = reader.ReadInt32();
        if (count < 0) throw new ModelFormatException($"negative length {count}");
        var stream = reader.BaseStream;
        if (stream.CanSeek && (long)count * bytesPerElement > stream.Length - stream.Position)
            throw new ModelFormatException($"length {count} runs past the end of the model file");
        return count;
    }

    public static void Write(this BinaryWriter writer, CsrMatrix matrix)
    {
        writer.Write(matrix.Rows);
        writer.Write(matrix.Columns);
        writer.WriteArray(matrix.RowPointers);
        writer.WriteArray(matrix.ColumnIndices);
        writer.WriteArray(matrix.Values);
    }

    public static CsrMatrix ReadCsr(this BinaryReader reader)
    {
        var rows = reader.ReadInt32();
        var columns = reader.ReadInt32();
        try
        {
            return new CsrMatrix(rows, columns, reader.ReadArray<int>(), reader.ReadArray<int>(), reader.ReadArray<float>());
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException($"corrupt sparse matrix: {e.Message}");
        }
    }

    public static void Write(this BinaryWriter writer, FactorMatrix matrix)
    {
        writer.Write(matrix.Rows);
        writer.Write(matrix.Factors);
        writer.WriteArray(matrix.Data);
    }

    public static FactorMatrix ReadFactors(this BinaryReader reader)
    {
        var rows = reader.ReadInt32();
        var factors = reader.ReadInt32();
        try
        {
            return new FactorMatrix(rows, factors, reader.ReadArray<float>());
        }
        catch (ArgumentException e)
        {
            throw new ModelFormatException($"corrupt factor matrix: {e.Message}");
        }
    }

    public static void Write(this BinaryWriter writer, IdMap map)
    {
        writer.Write(map.Count);
        foreach (var id in map.Ids) writer.Write(id);
    }

    public static IdMap ReadIdMap(this BinaryReader reader)
    {
        var count = reader.ReadCount(1);
        var map = new IdMap();
        for (var i = 0; i < count; i++) map.GetOrAdd(reader.ReadString());
        if (map.Count != count) throw new ModelFormatException("duplicate ids in an id map");
        return map;
    }
}
