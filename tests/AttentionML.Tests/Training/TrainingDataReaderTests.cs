using AttentionML.Training;
using Microsoft.ML;
using static AttentionML.Tests.Training.ReaderRows;

namespace AttentionML.Tests.Training;

public sealed class TrainingDataReaderTests
{
    private const int Dim = 2;

    [Fact]
    public void Read_BooleanLabel_ReadsClassesAndEmbeddings()
    {
        using var host = new TrainingHost();
        var data = host.Context.Data.LoadFromEnumerable(new[]
        {
            new BoolRow { Tokens = [1, 2, 3, 4], Label = true },
            new BoolRow { Tokens = [5, 6], Label = false },
        });

        var set = TrainingDataReader.Read(data, "Tokens", Dim, maxTokens: 10, "Label", host.Channel);

        Assert.Equal(TrainingTask.Classification, set.Task);
        Assert.Equal(2, set.ClassCount);
        Assert.Equal([1f, 0f], set.Examples.Select(e => e.Label));
        Assert.Equal([2, 1], set.Examples.Select(e => e.TokenCount));
        Assert.Equal([1f, 2, 3, 4], set.Examples[0].Embeddings);
        Assert.Equal(3, set.TokenCount);
    }

    [Fact]
    public void Read_LongRow_TruncatesToMaxTokens()
    {
        using var host = new TrainingHost();
        var data = host.Context.Data.LoadFromEnumerable(new[]
        {
            new BoolRow { Tokens = [1, 2, 3, 4, 5, 6], Label = true },
            new BoolRow { Tokens = [7, 8], Label = false },
        });

        var set = TrainingDataReader.Read(data, "Tokens", Dim, maxTokens: 2, "Label", host.Channel);

        Assert.Equal(2, set.Examples[0].TokenCount);
        Assert.Equal([1f, 2, 3, 4], set.Examples[0].Embeddings);
    }

    [Fact]
    public void Read_KeyLabel_UsesKeyCountAndZeroBasedClasses()
    {
        using var host = new TrainingHost();
        var raw = host.Context.Data.LoadFromEnumerable(new[]
        {
            new TextRow { Tokens = [1, 2], Label = "b" },
            new TextRow { Tokens = [3, 4], Label = "a" },
            new TextRow { Tokens = [5, 6], Label = "c" },
        });
        var data = host.Context.Transforms.Conversion.MapValueToKey("Label").Fit(raw).Transform(raw);

        var set = TrainingDataReader.Read(data, "Tokens", Dim, 10, "Label", host.Channel);

        Assert.Equal(TrainingTask.Classification, set.Task);
        Assert.Equal(3, set.ClassCount);
        Assert.Equal([0f, 1f, 2f], set.Examples.Select(e => e.Label));
    }

    [Fact]
    public void Read_SingleLabel_IsRegression()
    {
        using var host = new TrainingHost();
        var data = host.Context.Data.LoadFromEnumerable(new[]
        {
            new FloatRow { Tokens = [1, 2], Label = 2.5f },
            new FloatRow { Tokens = [3, 4], Label = -1f },
        });

        var set = TrainingDataReader.Read(data, "Tokens", Dim, 10, "Label", host.Channel);

        Assert.Equal(TrainingTask.Regression, set.Task);
        Assert.Equal(0, set.ClassCount);
        Assert.Equal([2.5f, -1f], set.Examples.Select(e => e.Label));
    }

    [Fact]
    public void Read_NoLabel_IsSelfSupervised()
    {
        using var host = new TrainingHost();
        var data = host.Context.Data.LoadFromEnumerable(new[] { new BoolRow { Tokens = [1, 2] } });

        var set = TrainingDataReader.Read(data, "Tokens", Dim, 10, labelColumn: null, host.Channel);

        Assert.Equal(TrainingTask.SelfSupervised, set.Task);
        Assert.Single(set.Examples);
    }

    [Fact]
    public void Read_RowsWithNoTokens_SkippedAndCountLogged()
    {
        using var host = new TrainingHost();
        var data = host.Context.Data.LoadFromEnumerable(new[]
        {
            new BoolRow { Tokens = [], Label = true },
            new BoolRow { Tokens = [1, 2], Label = true },
            new BoolRow { Tokens = [], Label = false },
            new BoolRow { Tokens = [3, 4], Label = false },
        });

        var set = TrainingDataReader.Read(data, "Tokens", Dim, 10, "Label", host.Channel);

        Assert.Equal(2, set.Count);
        Assert.Equal(2, set.SkippedEmptyRows);
        Assert.Contains(host.Messages, m => m.Contains("Kind=Warning") && m.Contains("Skipped 2 of 4 rows")
            && m.Contains("'Tokens'"));
    }

    [Fact]
    public void Read_LengthNotMultipleOfDimension_ThrowsNamingColumnRowAndLength()
    {
        using var host = new TrainingHost();
        var data = host.Context.Data.LoadFromEnumerable(new[]
        {
            new BoolRow { Tokens = [1, 2], Label = true },
            new BoolRow { Tokens = [1, 2, 3], Label = false },
        });

        var e = Assert.Throws<InvalidOperationException>(
            () => TrainingDataReader.Read(data, "Tokens", Dim, 10, "Label", host.Channel));

        Assert.Equal(
            "Row 1 of column 'Tokens' holds 3 values, which is not a whole number of 2-dimensional token embeddings.",
            e.Message);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void Read_NonFiniteEmbedding_ThrowsNamingColumnRowAndToken(float bad, string shown)
    {
        using var host = new TrainingHost();
        var data = host.Context.Data.LoadFromEnumerable(new[]
        {
            new BoolRow { Tokens = [1, 2], Label = true },
            new BoolRow { Tokens = [1, 2], Label = false },
            new BoolRow { Tokens = [1, 2, 3, bad], Label = false },
        });

        var e = Assert.Throws<InvalidOperationException>(
            () => TrainingDataReader.Read(data, "Tokens", Dim, 10, "Label", host.Channel));

        Assert.Equal(
            $"Row 2 of column 'Tokens' holds {shown} at token 1, but token embeddings must be finite.", e.Message);
    }

    [Fact]
    public void Read_NaNLabel_ThrowsNamingColumnAndRow()
    {
        using var host = new TrainingHost();
        var data = host.Context.Data.LoadFromEnumerable(new[]
        {
            new FloatRow { Tokens = [1, 2], Label = 1 },
            new FloatRow { Tokens = [1, 2], Label = float.NaN },
        });

        var e = Assert.Throws<InvalidOperationException>(
            () => TrainingDataReader.Read(data, "Tokens", Dim, 10, "Label", host.Channel));

        Assert.StartsWith(
            "Row 1 of label column 'Label' holds NaN, but every row of the training data needs a valid label.",
            e.Message);
        Assert.Contains("FilterRowsByMissingValues", e.Message);
    }

    [Fact]
    public void Read_MissingKeyLabel_ThrowsNamingColumnAndRow()
    {
        using var host = new TrainingHost();
        var raw = host.Context.Data.LoadFromEnumerable(new[]
        {
            new TextRow { Tokens = [1, 2], Label = "a" },
            new TextRow { Tokens = [1, 2], Label = "b" },
            new TextRow { Tokens = [1, 2], Label = "unseen" },
        });
        var keys = host.Context.Data.LoadFromEnumerable(
            new[] { new Category { Label = "a" }, new Category { Label = "b" } });
        var data = host.Context.Transforms.Conversion.MapValueToKey("Label", keyData: keys).Fit(raw).Transform(raw);

        var e = Assert.Throws<InvalidOperationException>(
            () => TrainingDataReader.Read(data, "Tokens", Dim, 10, "Label", host.Channel));

        Assert.StartsWith("Row 2 of label column 'Label' holds a missing key value", e.Message);
    }

    [Fact]
    public void Read_StringLabel_ThrowsInMlNetWording()
    {
        using var host = new TrainingHost();
        var data = host.Context.Data.LoadFromEnumerable(new[] { new TextRow { Tokens = [1, 2], Label = "a" } });

        var e = Assert.Throws<ArgumentException>(
            () => TrainingDataReader.Read(data, "Tokens", Dim, 10, "Label", host.Channel));

        Assert.StartsWith("Label column 'Label' has type 'String', but Boolean, key or Single is expected.", e.Message);
        Assert.Equal("labelColumn", e.ParamName);
    }

    [Fact]
    public void Read_MissingColumns_ThrowInMlNetWording()
    {
        using var host = new TrainingHost();
        var data = host.Context.Data.LoadFromEnumerable(new[] { new BoolRow { Tokens = [1, 2], Label = true } });

        var input = Assert.Throws<ArgumentException>(
            () => TrainingDataReader.Read(data, "Embeddings", Dim, 10, "Label", host.Channel));
        var label = Assert.Throws<ArgumentException>(
            () => TrainingDataReader.Read(data, "Tokens", Dim, 10, "Target", host.Channel));

        Assert.StartsWith("Could not find input column 'Embeddings'.", input.Message);
        Assert.StartsWith("Could not find label column 'Target'.", label.Message);
    }

    [Fact]
    public void Read_InputNotSingleVector_Throws()
    {
        using var host = new TrainingHost();
        var data = host.Context.Data.LoadFromEnumerable(new[] { new TextRow { Tokens = [1, 2], Label = "a" } });

        var e = Assert.Throws<ArgumentException>(
            () => TrainingDataReader.Read(data, "Label", Dim, 10, null, host.Channel));

        Assert.StartsWith("Input column 'Label' has type 'String', but a vector of Single is expected.", e.Message);
    }

    [Fact]
    public void Read_NoRows_Throws()
    {
        using var host = new TrainingHost();
        var data = host.Context.Data.LoadFromEnumerable(Array.Empty<BoolRow>());

        var e = Assert.Throws<InvalidOperationException>(
            () => TrainingDataReader.Read(data, "Tokens", Dim, 10, "Label", host.Channel));

        Assert.Equal("The training data has no rows; training needs at least one.", e.Message);
    }

    [Fact]
    public void Read_NoRowHasTokens_ThrowsAfterLoggingTheSkips()
    {
        using var host = new TrainingHost();
        var data = host.Context.Data.LoadFromEnumerable(
            new[] { new BoolRow { Tokens = [] }, new BoolRow { Tokens = [] } });

        var e = Assert.Throws<InvalidOperationException>(
            () => TrainingDataReader.Read(data, "Tokens", Dim, 10, "Label", host.Channel));

        Assert.Equal(
            "None of the 2 rows of the training data has a token in column 'Tokens'; there is nothing to train on.",
            e.Message);
        Assert.Contains(host.Messages, m => m.Contains("Skipped 2 of 2 rows"));
    }

    [Fact]
    public void Read_SingleClass_ThrowsNamingLabelColumn()
    {
        using var host = new TrainingHost();
        var data = host.Context.Data.LoadFromEnumerable(new[]
        {
            new BoolRow { Tokens = [1, 2], Label = true },
            new BoolRow { Tokens = [3, 4], Label = true },
        });

        var e = Assert.Throws<InvalidOperationException>(
            () => TrainingDataReader.Read(data, "Tokens", Dim, 10, "Label", host.Channel));

        Assert.Equal(
            "Label column 'Label' has a single class (True) in all 2 training rows, but classification needs at " +
            "least two.",
            e.Message);
    }

    [Fact]
    public void Read_SingleClassInValidationData_IsAllowed()
    {
        using var host = new TrainingHost();
        var data = host.Context.Data.LoadFromEnumerable(new[] { new BoolRow { Tokens = [1, 2], Label = true } });

        var set = TrainingDataReader.Read(data, "Tokens", Dim, 10, "Label", host.Channel, isValidation: true);

        Assert.Equal(2, set.ClassCount);
    }
}
