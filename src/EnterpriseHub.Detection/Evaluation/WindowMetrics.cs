namespace EnterpriseHub.Detection.Evaluation;

/// <summary>
/// Window-level precision and recall and detection delay of a set of detections.
/// </summary>
/// <remarks>
/// A window is detected when at least one scored row inside it is a detection. False alarms are counted as
/// episodes, a run of consecutive outside-window detections being one episode, because an operator sees
/// one alert per episode. Precision = detected windows / (detected windows + false-alarm episodes);
/// recall = detected windows / windows; delay is the rows from a window's start to its first detection.
/// </remarks>
/// <param name="Windows">Windows in the corpus.</param>
/// <param name="DetectedWindows">Windows with at least one detection.</param>
/// <param name="FalseAlarmEpisodes">Runs of detections outside every window (after probation).</param>
/// <param name="MedianDelayRows">Median rows from window start to first detection (NaN when none detected).</param>
public sealed record WindowMetrics(int Windows, int DetectedWindows, int FalseAlarmEpisodes, double MedianDelayRows)
{
    /// <summary>Detected windows / (detected windows + false-alarm episodes); 0 when nothing was detected.</summary>
    public double Precision => DetectedWindows + FalseAlarmEpisodes == 0 ? 0 : (double)DetectedWindows / (DetectedWindows + FalseAlarmEpisodes);

    /// <summary>Detected windows / windows; 1 when there are no windows.</summary>
    public double Recall => Windows == 0 ? 1 : (double)DetectedWindows / Windows;

    /// <summary>Computes the metrics over files given as (detections, windows).</summary>
    public static WindowMetrics Compute(IEnumerable<(bool[] Detections, IReadOnlyList<LabelWindow> Windows)> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        var windows = 0;
        var detected = 0;
        var episodes = 0;
        var delays = new List<int>();
        foreach (var (detections, fileWindows) in files)
        {
            var probation = NabScorer.ProbationLength(detections.Length);
            windows += fileWindows.Count;
            foreach (var w in fileWindows)
            {
                for (var i = Math.Max(w.Start, probation); i <= w.End && i < detections.Length; i++)
                {
                    if (detections[i])
                    {
                        detected++;
                        delays.Add(i - w.Start);
                        break;
                    }
                }
            }

            var inEpisode = false;
            for (var i = probation; i < detections.Length; i++)
            {
                var outside = detections[i] && !InAny(fileWindows, i);
                if (outside && !inEpisode)
                {
                    episodes++;
                }

                inEpisode = outside;
            }
        }

        delays.Sort();
        var median = delays.Count == 0
            ? double.NaN
            : delays.Count % 2 == 1 ? delays[delays.Count / 2] : 0.5 * (delays[delays.Count / 2 - 1] + delays[delays.Count / 2]);
        return new WindowMetrics(windows, detected, episodes, median);
    }

    private static bool InAny(IReadOnlyList<LabelWindow> windows, int row)
    {
        foreach (var w in windows)
        {
            if (w.Contains(row))
            {
                return true;
            }
        }

        return false;
    }
}
