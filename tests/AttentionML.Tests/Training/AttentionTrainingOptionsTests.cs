using AttentionML.Training;
using Microsoft.ML;

namespace AttentionML.Tests.Training;

public sealed class AttentionTrainingOptionsTests
{
    [Fact]
    public void Constructor_Defaults_MatchDocumentation()
    {
        var options = new AttentionTrainingOptions();

        Assert.Equal(0, options.Epochs);
        Assert.Null(options.Seed);
        Assert.Null(options.LabelColumnName);
        Assert.Equal(32, options.BatchSize);
        Assert.Equal(1e-3, options.LearningRate);
        Assert.Equal(0.01, options.WeightDecay);
        Assert.Equal(1.0, options.GradientClipNorm);
        Assert.Equal(0.1, options.WarmupFraction);
        Assert.Equal(LearningRateDecay.Cosine, options.LearningRateDecay);
        Assert.Equal(0.1, options.Dropout);
        Assert.Equal(0.0, options.ValidationFraction);
        Assert.Null(options.ValidationData);
        Assert.Null(options.EarlyStoppingPatience);
        Assert.Equal(CancellationToken.None, options.CancellationToken);
        Assert.Null(options.Progress);
        options.Validate();
    }

    public static TheoryData<Action<AttentionTrainingOptions>, string, string> BadSettings => new()
    {
        { o => o.Epochs = -1, "Epochs", "Epochs (-1) must not be negative." },
        { o => o.BatchSize = 0, "BatchSize", "BatchSize (0) must be positive." },
        { o => o.LearningRate = 0, "LearningRate", "LearningRate (0) must be finite and positive." },
        { o => o.LearningRate = double.NaN, "LearningRate", "LearningRate (NaN) must be finite and positive." },
        { o => o.WeightDecay = -0.5, "WeightDecay", "WeightDecay (-0.5) must be finite and not negative." },
        { o => o.GradientClipNorm = 0, "GradientClipNorm", "GradientClipNorm (0) must be finite and positive" },
        { o => o.WarmupFraction = 1.5, "WarmupFraction", "WarmupFraction (1.5) must be in [0, 1]." },
        { o => o.LearningRateDecay = (LearningRateDecay)7, "LearningRateDecay", "LearningRateDecay (7) is not a" },
        { o => o.Dropout = 1, "Dropout", "Dropout (1) must be in [0, 1)." },
        { o => o.ValidationFraction = 1, "ValidationFraction", "ValidationFraction (1) must be in [0, 1)." },
        { o => o.ValidationFraction = -0.1, "ValidationFraction", "ValidationFraction (-0.1) must be in [0, 1)." },
        { o => o.EarlyStoppingPatience = 0, "EarlyStoppingPatience", "EarlyStoppingPatience (0) must be positive" },
        { o => o.LabelColumnName = " ", "LabelColumnName", "LabelColumnName (' ') must be a column name" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Validate_BadSetting_ThrowsNamingPropertyAndValue(
        Action<AttentionTrainingOptions> spoil, string property, string message)
    {
        var options = new AttentionTrainingOptions();
        spoil(options);

        var e = Assert.ThrowsAny<ArgumentException>(options.Validate);

        Assert.Equal(property, e.ParamName);
        Assert.StartsWith(message, e.Message);
    }

    [Fact]
    public void Validate_EarlyStoppingWithoutValidation_ThrowsSayingWhatToSet()
    {
        var options = new AttentionTrainingOptions { EarlyStoppingPatience = 3 };

        var e = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Equal("EarlyStoppingPatience", e.ParamName);
        Assert.StartsWith(
            "EarlyStoppingPatience (3) needs validation data: set ValidationFraction above 0 or set ValidationData.",
            e.Message);
    }

    [Fact]
    public void Validate_EarlyStoppingWithValidation_Passes()
    {
        var data = new MLContext(1).Data.LoadFromEnumerable(Array.Empty<ReaderRows.BoolRow>());
        var byFraction = new AttentionTrainingOptions { EarlyStoppingPatience = 2, ValidationFraction = 0.2 };
        var byData = new AttentionTrainingOptions { EarlyStoppingPatience = 2, ValidationData = data };

        byFraction.Validate();
        byData.Validate();
    }
}
