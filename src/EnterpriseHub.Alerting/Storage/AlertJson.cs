using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnterpriseHub.Alerting.Storage;

/// <summary>The JSON form of alerts, silences and events in the store, the API and the event stream: camelCase
/// names, enums as camelCase strings (<c>firing</c>, <c>critical</c>), nulls left out.</summary>
public static class AlertJson
{
    /// <summary>The serializer options.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
