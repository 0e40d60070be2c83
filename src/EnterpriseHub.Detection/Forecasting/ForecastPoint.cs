namespace EnterpriseHub.Detection.Forecasting;

/// <summary>One forecast step with its prediction interval.</summary>
/// <param name="Timestamp">When the step is expected (last sample time plus steps times the learned interval).</param>
/// <param name="StepsAhead">Steps after the last sample (1 = next sample).</param>
/// <param name="Value">Point forecast.</param>
/// <param name="Lower">Lower edge of the prediction interval.</param>
/// <param name="Upper">Upper edge of the prediction interval.</param>
public readonly record struct ForecastPoint(DateTimeOffset Timestamp, int StepsAhead, double Value, double Lower, double Upper);
