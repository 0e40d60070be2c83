namespace EnterpriseHub.Abstractions.Alerts;

/// <summary>Fingerprints label sets: FNV-1a 64 over names and values sorted by name, separated by 0xFF bytes
/// (which never occur in UTF-8), as 16 hex digits. Equal label sets give equal fingerprints in every process.</summary>
public static class AlertFingerprint
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    /// <summary>The fingerprint of <paramref name="labels"/>.</summary>
    public static string Compute(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var names = labels.Keys.ToArray();
        Array.Sort(names, StringComparer.Ordinal);
        var hash = OffsetBasis;
        foreach (var name in names)
        {
            hash = Mix(hash, name);
            hash = (hash ^ 0xFF) * Prime;
            hash = Mix(hash, labels[name]);
            hash = (hash ^ 0xFF) * Prime;
        }

        return hash.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static ulong Mix(ulong hash, string text)
    {
        Span<byte> buffer = stackalloc byte[256];
        var bytes = System.Text.Encoding.UTF8.GetByteCount(text) <= buffer.Length ? buffer : new byte[System.Text.Encoding.UTF8.GetByteCount(text)];
        var length = System.Text.Encoding.UTF8.GetBytes(text, bytes);
        foreach (var b in bytes[..length])
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }
}
