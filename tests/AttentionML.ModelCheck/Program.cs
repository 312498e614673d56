// Usage: AttentionML.ModelCheck <model.zip> <column> <text>...
// Loads an ML.NET model in a fresh process and MLContext, runs the texts through it, and prints the column's
// values for each text on one line, as round-trippable invariant floats.
using System.Globalization;
using AttentionML;
using Microsoft.ML;
using Microsoft.ML.Data;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: AttentionML.ModelCheck <model.zip> <column> <text>...");
    return 2;
}

var ml = new MLContext(seed: 12345);
ml.Attention.RegisterModelLoaders();
using var model = (IDisposable)ml.Model.Load(args[0], out _);
var data = ml.Data.LoadFromEnumerable(args.Skip(2).Select(t => new TextRow { Text = t }));
var output = ((ITransformer)model).Transform(data);
var column = output.Schema[args[1]];
using var cursor = output.GetRowCursor([column]);
var getter = cursor.GetGetter<VBuffer<float>>(column);
VBuffer<float> values = default;
while (cursor.MoveNext())
{
    getter(ref values);
    Console.WriteLine(
        string.Join(" ", values.DenseValues().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
}

return 0;

internal sealed class TextRow
{
    public string Text { get; set; } = "";
}
