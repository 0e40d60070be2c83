using System.Security.Cryptography;
using System.Text;

namespace EnterpriseHub.Grains.Incidents;

/// <summary>Incident ids: <c>inc-</c> and the first 16 hex digits of the SHA-256 of the alert group key, so the same
/// group always reaches the same grain while URLs stay short and free of the key's quotes and braces.</summary>
public static class IncidentIds
{
    /// <summary>The incident id of a group key.</summary>
    public static string ForGroupKey(string groupKey)
    {
        ArgumentNullException.ThrowIfNull(groupKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(groupKey));
        return "inc-" + Convert.ToHexStringLower(hash.AsSpan(0, 8));
    }
}
