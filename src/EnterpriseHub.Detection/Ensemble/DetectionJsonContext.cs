using System.Text.Json.Serialization;

namespace EnterpriseHub.Detection.Ensemble;

/// <summary>Source-generated System.Text.Json metadata for detector snapshots (trim- and AOT-safe).</summary>
[JsonSourceGenerationOptions(WriteIndented = false, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(DetectorSnapshot))]
[JsonSerializable(typeof(Forecasting.ForecasterSnapshot))]
public sealed partial class DetectionJsonContext : JsonSerializerContext
{
}
