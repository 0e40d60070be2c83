using System.Globalization;
using EnterpriseHub.Detection;

namespace EnterpriseHub.Silo.Backtest;

/// <summary>One series read from a NAB-format CSV: rows in file order with their original text.</summary>
/// <param name="RelativePath">Path relative to the backtest input, with '/' separators.</param>
/// <param name="TimestampsMs">Row timestamps in Unix milliseconds (UTC).</param>
/// <param name="Values">Row values.</param>
/// <param name="TimestampText">Timestamps as written in the file (echoed to the output).</param>
/// <param name="ValueText">Values as written in the file (echoed to the output).</param>
internal sealed record SeriesCsv(string RelativePath, long[] TimestampsMs, double[] Values, string[] TimestampText, string[] ValueText)
{
    /// <summary>Reads a <c>timestamp,value</c> CSV; throws <see cref="FormatException"/> naming the file and line.</summary>
    public static SeriesCsv Read(string path, string relativePath)
    {
        var timestamps = new List<long>();
        var values = new List<double>();
        var timestampText = new List<string>();
        var valueText = new List<string>();
        using var reader = new StreamReader(path);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            var comma = line.IndexOf(',', StringComparison.Ordinal);
            if (comma < 0)
            {
                throw new FormatException($"{path}:{lineNumber}: expected 'timestamp,value' but found '{line}'.");
            }

            var ts = line.AsSpan(0, comma).Trim();
            var v = line.AsSpan(comma + 1).Trim();
            if (lineNumber == 1 && !TryParseTimestamp(ts, out _))
            {
                continue; // header
            }

            if (!TryParseTimestamp(ts, out var ms))
            {
                throw new FormatException($"{path}:{lineNumber}: timestamp '{ts}' is not a date-time (YYYY-MM-DD HH:MM:SS) or Unix time.");
            }

            if (!double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !SampleValues.IsSupported(value))
            {
                throw new FormatException($"{path}:{lineNumber}: value '{v}' is not {SampleValues.Requirement}.");
            }

            timestamps.Add(ms);
            values.Add(value);
            timestampText.Add(ts.ToString());
            valueText.Add(v.ToString());
        }

        return new SeriesCsv(relativePath, [.. timestamps], [.. values], [.. timestampText], [.. valueText]);
    }

    /// <summary>Parses 'YYYY-MM-DD HH:MM:SS[.ffffff]' (UTC) or a Unix time in seconds or milliseconds.</summary>
    public static bool TryParseTimestamp(ReadOnlySpan<char> text, out long unixMs)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            unixMs = (long)(Math.Abs(number) < 1e11 ? number * 1000 : number);
            return true;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dt))
        {
            unixMs = new DateTimeOffset(dt, TimeSpan.Zero).ToUnixTimeMilliseconds();
            return true;
        }

        unixMs = 0;
        return false;
    }

    /// <summary>Writes timestamp,value,anomaly_score,alert rows.</summary>
    public void Write(string path, double[] scores, bool[] alerts)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        using var writer = new StreamWriter(path);
        writer.Write("timestamp,value,anomaly_score,alert\n");
        for (var i = 0; i < Values.Length; i++)
        {
            writer.Write(TimestampText[i]);
            writer.Write(',');
            writer.Write(ValueText[i]);
            writer.Write(',');
            writer.Write(scores[i].ToString("R", CultureInfo.InvariantCulture));
            writer.Write(alerts[i] ? ",1\n" : ",0\n");
        }
    }
}
