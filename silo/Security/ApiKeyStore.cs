using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EnterpriseHub.Silo.Security;

/// <summary>One stored key: only its SHA-256 hash is kept, never the key itself.</summary>
public sealed record ApiKeyEntry(string Id, string Name, ApiKeyRole Role, string Sha256, DateTimeOffset CreatedUtc);

/// <summary>
/// API keys in <c>api-keys.json</c> under the data directory. On first start it creates an admin key and writes
/// it, readable by the owner only, to <c>admin.key</c> beside it.
/// </summary>
public sealed class ApiKeyStore
{
    /// <summary>The file that lists key hashes.</summary>
    public const string KeysFileName = "api-keys.json";

    /// <summary>The file the first admin key is written to.</summary>
    public const string AdminKeyFileName = "admin.key";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private readonly Lock _lock = new();
    private readonly string _keysPath;
    private Dictionary<string, ApiKeyEntry> _byHash;

    /// <summary>Opens (or creates) the store in <paramref name="dataDirectory"/>.</summary>
    public ApiKeyStore(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        _keysPath = Path.Combine(dataDirectory, KeysFileName);
        AdminKeyPath = Path.Combine(dataDirectory, AdminKeyFileName);
        _byHash = Load(_keysPath);
    }

    /// <summary>Where the first admin key was written.</summary>
    public string AdminKeyPath { get; }

    /// <summary>Creates the admin key if no admin key exists; returns true when it did.</summary>
    public bool EnsureAdminKey()
    {
        lock (_lock)
        {
            if (_byHash.Values.Any(k => k.Role == ApiKeyRole.Admin))
            {
                return false;
            }

            var key = CreateLocked("admin", ApiKeyRole.Admin);
            File.WriteAllText(AdminKeyPath, key + "\n");
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(AdminKeyPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            return true;
        }
    }

    /// <summary>Creates a key and returns it; only its hash is stored.</summary>
    public string Create(string name, ApiKeyRole role)
    {
        lock (_lock)
        {
            return CreateLocked(name, role);
        }
    }

    /// <summary>Finds the entry for a presented key, comparing hashes.</summary>
    public ApiKeyEntry? Find(string presentedKey)
    {
        var hash = Hash(presentedKey);
        lock (_lock)
        {
            return _byHash.GetValueOrDefault(hash);
        }
    }

    private string CreateLocked(string name, ApiKeyRole role)
    {
        var key = "ehub_" + Base64Url(RandomNumberGenerator.GetBytes(32));
        var entry = new ApiKeyEntry("k_" + Base64Url(RandomNumberGenerator.GetBytes(6)), name, role, Hash(key), DateTimeOffset.UtcNow);
        var next = new Dictionary<string, ApiKeyEntry>(_byHash, StringComparer.Ordinal) { [entry.Sha256] = entry };
        var temp = _keysPath + ".tmp";
        File.WriteAllText(temp, JsonSerializer.Serialize(next.Values.OrderBy(e => e.CreatedUtc).ToList(), s_json));
        File.Move(temp, _keysPath, overwrite: true);
        _byHash = next;
        return key;
    }

    private static Dictionary<string, ApiKeyEntry> Load(string path)
    {
        if (!File.Exists(path))
        {
            return new Dictionary<string, ApiKeyEntry>(StringComparer.Ordinal);
        }

        try
        {
            var entries = JsonSerializer.Deserialize<List<ApiKeyEntry>>(File.ReadAllText(path), s_json) ?? [];
            return entries.ToDictionary(e => e.Sha256, StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{path} is not a valid API key file: {ex.Message}", ex);
        }
    }

    private static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
