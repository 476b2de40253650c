using System.Text;
using OpenMrs.Recommender.Data;
using OpenMrs.Recommender.Models;
using OpenMrs.Recommender.Persistence;

namespace OpenMrs.Recommender.Tests.Models;

public sealed class ModelFileAndCatalogTests
{
    private static readonly PlantedTasteData Data = new(users: 50, items: 40, genres: 4, seed: 2);

    [Fact]
    public void Catalogue_offers_every_model_family()
    {
        string[] expected = ["pop", "userknn", "itemknn", "svd", "gd", "gd-adaptive", "sgd", "gravity", "als", "bpr", "rp3b", "ease", "blend", "sknn"];
        Assert.Equal(expected.Order(), ModelCatalog.Names.Order());
        foreach (var name in expected) Assert.Equal(name, ModelCatalog.Create(name).Kind);
    }

    [Fact]
    public void Unknown_models_and_bad_options_are_rejected_by_name()
    {
        Assert.Contains("unknown model 'nope'", Assert.Throws<ModelOptionException>(() => ModelCatalog.Create("nope")).Message);
        Assert.Contains("factorz", Assert.Throws<ModelOptionException>(() => ModelCatalog.Create("als", Options("factorz", "8"))).Message);
        Assert.Contains("integer", Assert.Throws<ModelOptionException>(() => ModelCatalog.Create("als", Options("factors", "many"))).Message);
        Assert.Contains("out of range", Assert.Throws<ModelOptionException>(() => ModelCatalog.Create("als", Options("factors", "0"))).Message);
        Assert.Contains("one of", Assert.Throws<ModelOptionException>(() => ModelCatalog.Create("als", Options("confidence", "cubic"))).Message);
    }

    [Fact]
    public void Round_trips_through_a_file_on_disk()
    {
        var model = ModelCatalog.Create("itemknn");
        model.Fit(Data.Train);
        var path = Path.Combine(Path.GetTempPath(), $"omrs-{Guid.NewGuid():N}.model");
        try
        {
            ModelFile.Save(path, model, Data.Train.Users, Data.Train.Items);
            var loaded = ModelFile.Load(path);
            Assert.Equal(model.Recommend(3, 5), loaded.Model.Recommend(3, 5));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Bad_magic_is_a_format_error() =>
        Assert.Contains("magic", Assert.Throws<ModelFormatException>(() => ModelFile.Load(new MemoryStream(Encoding.ASCII.GetBytes("NOTAMODELFILE....")))).Message);

    [Fact]
    public void A_newer_format_version_is_refused()
    {
        var bytes = Saved("pop");
        BitConverter.GetBytes(ModelFile.FormatVersion + 1).CopyTo(bytes, 8);
        Assert.Contains("version", Assert.Throws<ModelFormatException>(() => ModelFile.Load(new MemoryStream(bytes))).Message);
    }

    [Fact]
    public void An_unknown_kind_is_refused()
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write("OMRSMODL"u8);
            writer.Write(ModelFile.FormatVersion);
            writer.Write("deep-magic");
            writer.Write(0);
            writer.Write(0);
        }
        stream.Position = 0;
        Assert.Contains("deep-magic", Assert.Throws<ModelFormatException>(() => ModelFile.Load(stream)).Message);
    }

    [Theory]
    [InlineData("als")]
    [InlineData("itemknn")]
    [InlineData("userknn")]
    [InlineData("ease")]
    [InlineData("blend")]
    [InlineData("sknn")]
    public void A_truncated_file_is_a_format_error(string name)
    {
        var bytes = Saved(name);
        Assert.Throws<ModelFormatException>(() => ModelFile.Load(new MemoryStream(bytes[..(bytes.Length * 2 / 3)])));
    }

    private static byte[] Saved(string name)
    {
        var model = ModelCatalog.Create(name, name == "als" ? Options("factors", "4") : null);
        model.Fit(Data.Train);
        using var stream = new MemoryStream();
        ModelFile.Save(stream, model, Data.Train.Users, Data.Train.Items);
        return stream.ToArray();
    }

    private static Dictionary<string, string> Options(string key, string value) => new() { [key] = value };
}
