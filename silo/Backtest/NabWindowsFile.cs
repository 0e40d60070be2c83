using System.Text.Json;
using EnterpriseHub.Detection.Evaluation;

namespace EnterpriseHub.Silo.Backtest;

/// <summary>A NAB windows JSON: <c>{ "folder/file.csv": [[start, end], ...] }</c> with timestamps as text.</summary>
internal sealed class NabWindowsFile
{
    private readonly Dictionary<string, List<(long Start, long End)>> _windows;

    private NabWindowsFile(Dictionary<string, List<(long Start, long End)>> windows) => _windows = windows;

    /// <summary>Number of files listed.</summary>
    public int Count => _windows.Count;

    /// <summary>Reads the file; throws <see cref="FormatException"/> naming the offending key.</summary>
    public static NabWindowsFile Read(string path)
    {
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        var result = new Dictionary<string, List<(long, long)>>(StringComparer.Ordinal);
        foreach (var file in doc.RootElement.EnumerateObject())
        {
            var list = new List<(long, long)>();
            foreach (var pair in file.Value.EnumerateArray())
            {
                if (pair.GetArrayLength() != 2
                    || !SeriesCsv.TryParseTimestamp(pair[0].GetString(), out var start)
                    || !SeriesCsv.TryParseTimestamp(pair[1].GetString(), out var end))
                {
                    throw new FormatException($"{path}: window of '{file.Name}' must be [start, end] timestamps.");
                }

                list.Add((start, end));
            }

            list.Sort();
            result[file.Name.Replace('\\', '/')] = list;
        }

        return new NabWindowsFile(result);
    }

    /// <summary>
    /// Windows of a series as row indices, or null when the file is not listed. A key matches when it equals
    /// the relative path or is a '/'-bounded suffix of it (so the input may be the corpus root or its data folder).
    /// </summary>
    public IReadOnlyList<LabelWindow>? WindowsFor(SeriesCsv series)
    {
        List<(long Start, long End)>? windows = null;
        foreach (var (key, list) in _windows)
        {
            if (series.RelativePath == key || series.RelativePath.EndsWith("/" + key, StringComparison.Ordinal))
            {
                windows = list;
                break;
            }
        }

        if (windows is null)
        {
            return null;
        }

        var rows = new List<LabelWindow>(windows.Count);
        var ts = series.TimestampsMs;
        foreach (var (start, end) in windows)
        {
            var first = 0;
            while (first < ts.Length && ts[first] < start)
            {
                first++;
            }

            var last = first - 1;
            while (last + 1 < ts.Length && ts[last + 1] <= end)
            {
                last++;
            }

            if (last >= first)
            {
                rows.Add(new LabelWindow(first, last));
            }
        }

        return rows;
    }
}
