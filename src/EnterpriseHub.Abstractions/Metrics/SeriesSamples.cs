namespace EnterpriseHub.Abstractions.Metrics;

/// <summary>Samples of one series from one request, in the order they arrived.</summary>
/// <param name="Series">The series.</param>
/// <param name="Samples">Its samples.</param>
public sealed record SeriesSamples(SeriesKey Series, Sample[] Samples);
