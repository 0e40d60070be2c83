using Microsoft.Extensions.Options;

namespace EnterpriseHub.Silo.Hosting;

/// <summary>Settings of the silo process (section <c>Silo</c>).</summary>
public sealed class SiloOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Silo";

    /// <summary>Default <see cref="DataDirectory"/>, relative to the working directory.</summary>
    public const string DefaultDataDirectory = "data";

    /// <summary>Default file name of the embedded SQLite database inside <see cref="DataDirectory"/>.</summary>
    public const string DatabaseFileName = "ehub.db";

    /// <summary>Where the silo keeps its database and keys.</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>The absolute data directory.</summary>
    public string DataDirectoryFullPath => Path.GetFullPath(DataDirectory);
}

/// <summary>Rejects silo settings that cannot work.</summary>
public sealed class SiloOptionsValidator : IValidateOptions<SiloOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SiloOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return string.IsNullOrWhiteSpace(options.DataDirectory)
            ? ValidateOptionsResult.Fail("Silo:DataDirectory must name a directory (--data-dir).")
            : ValidateOptionsResult.Success;
    }
}
