using System.Globalization;

namespace WorkedExample;

/// <summary>Prints small matrices as aligned tables and compares rows with printed values.</summary>
internal static class Table
{
    public static void Print(string title, string[] rows, string[] columns, ReadOnlySpan<float> values, int width)
    {
        Console.WriteLine(title);
        Console.WriteLine("  " + "".PadRight(6) + string.Concat(columns.Select(c => c.PadLeft(11))));
        for (var i = 0; i < rows.Length; i++)
        {
            var cells = values.Slice(i * width, width).ToArray()
                .Select(v => v.ToString("F6", CultureInfo.InvariantCulture).PadLeft(11));
            Console.WriteLine("  " + rows[i].PadRight(6) + string.Concat(cells));
        }

        Console.WriteLine();
    }

    /// <summary>
    /// Prints one comparison line; returns 1 when some value differs by more than the rounding allows.
    /// </summary>
    public static int Compare(string label, double[] printed, ReadOnlySpan<float> computed, double tolerance)
    {
        var worst = 0.0;
        for (var j = 0; j < printed.Length; j++)
            worst = Math.Max(worst, Math.Abs(printed[j] - computed[j]));

        var verdict = worst <= tolerance ? "agrees" : $"DIFFERS by up to {worst:F4}";
        var shown = string.Join(", ", printed.Select(p => p.ToString("0.0000", CultureInfo.InvariantCulture)));
        Console.WriteLine($"  {label,-16} tutorial [{shown}]  {verdict}");
        return worst <= tolerance ? 0 : 1;
    }
}
