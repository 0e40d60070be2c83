using EnterpriseHub.Abstractions.Alerts;
using EnterpriseHub.Incidents.Actions;
using EnterpriseHub.Incidents.Engine;
using Microsoft.Extensions.Logging;

namespace EnterpriseHub.Incidents.Playbooks;

/// <summary>
/// The playbooks of a directory (<c>*.yml</c>, <c>*.yaml</c>), reloaded when files change. A file with errors keeps
/// its last good version in force (a typo must not disarm remediation) and its errors are reported with file, line
/// and column. The first playbook in file-name order whose trigger matches an alert is the one that runs.
/// </summary>
public sealed class PlaybookCatalog : IDisposable
{
    private readonly PlaybookParser _parser;
    private readonly ILogger<PlaybookCatalog> _logger;
    private readonly Dictionary<string, PlaybookDefinition> _byFile = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private FileSystemWatcher? _watcher;
    private Timer? _debounce;
    private Snapshot _snapshot = new([], []);

    /// <summary>Creates a catalog over <paramref name="directory"/> (null: only playbooks added in code).</summary>
    public PlaybookCatalog(string? directory, ActionCatalog actions, ILogger<PlaybookCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(actions);
        Directory = directory;
        _parser = new PlaybookParser(actions.Check);
        _logger = logger;
    }

    /// <summary>The watched directory.</summary>
    public string? Directory { get; }

    /// <summary>The playbooks in force, by file name order.</summary>
    public IReadOnlyList<PlaybookDefinition> Playbooks => _snapshot.Playbooks;

    /// <summary>The errors of the last load.</summary>
    public IReadOnlyList<PlaybookError> Errors => _snapshot.Errors;

    /// <summary>Raised after every reload.</summary>
    public event EventHandler? Reloaded;

    /// <summary>The playbook named <paramref name="name"/>.</summary>
    public PlaybookDefinition? Find(string name) => _snapshot.Playbooks.FirstOrDefault(p => p.Name == name);

    /// <summary>The playbook for an alert: the first whose trigger matches.</summary>
    public PlaybookDefinition? Match(Alert alert) => _snapshot.Playbooks.FirstOrDefault(p => PlaybookMatching.Triggers(p.Trigger, alert));

    /// <summary>Parses one file's text; throws <see cref="PlaybookValidationException"/> listing every error.</summary>
    public PlaybookDefinition Parse(string file, string text)
    {
        var errors = new List<PlaybookError>();
        return _parser.Parse(file, text, errors) ?? throw new PlaybookValidationException(errors);
    }

    /// <summary>Loads the directory and starts watching it.</summary>
    public void Start()
    {
        Reload();
        if (Directory is null || !System.IO.Directory.Exists(Directory))
        {
            return;
        }

        _debounce = new Timer(_ => Reload(), null, Timeout.Infinite, Timeout.Infinite);
        try
        {
            _watcher = new FileSystemWatcher(Directory) { IncludeSubdirectories = false, EnableRaisingEvents = true };
        }
        catch (IOException ex)
        {
            // Typically the per-user inotify instance limit: reloading must not depend on it, so look every few seconds.
            _logger.LogWarning("Cannot watch {Directory} ({Error}); checking it for changes every {Period} instead", Directory, ex.Message, PollPeriod);
            _debounce.Dispose();
            var seen = Signature();
            _debounce = new Timer(_ =>
            {
                var now = Signature();
                if (now != seen)
                {
                    seen = now;
                    Reload();
                }
            }, null, PollPeriod, PollPeriod);
            return;
        }

        // Editors write files in several steps (truncate, write, rename); reload once they are done.
        FileSystemEventHandler changed = (_, _) => _debounce.Change(TimeSpan.FromMilliseconds(300), Timeout.InfiniteTimeSpan);
        _watcher.Changed += changed;
        _watcher.Created += changed;
        _watcher.Deleted += changed;
        _watcher.Renamed += (_, _) => _debounce.Change(TimeSpan.FromMilliseconds(300), Timeout.InfiniteTimeSpan);
        // Events were lost (the kernel's queue overflowed): read everything again.
        _watcher.Error += (_, _) => _debounce.Change(TimeSpan.FromMilliseconds(300), Timeout.InfiniteTimeSpan);
    }

    /// <summary>How often the directory is read again when it cannot be watched.</summary>
    public static readonly TimeSpan PollPeriod = TimeSpan.FromSeconds(5);

    /// <summary>The playbook files' names, sizes and write times, to notice a change without reading them.</summary>
    private string Signature() => string.Join('|', PlaybookFiles().Select(f => new FileInfo(f)).Select(f => $"{f.Name}:{f.Length}:{f.LastWriteTimeUtc.Ticks}"));

    private List<string> PlaybookFiles() => Directory is not null && System.IO.Directory.Exists(Directory)
        ? System.IO.Directory.EnumerateFiles(Directory).Where(f => f.EndsWith(".yml", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
        : [];

    /// <summary>Reads every file again.</summary>
    public void Reload()
    {
        lock (_lock)
        {
            var errors = new List<PlaybookError>();
            var files = PlaybookFiles();
            foreach (var gone in _byFile.Keys.Except(files).ToList())
            {
                _byFile.Remove(gone);
            }

            foreach (var file in files)
            {
                string text;
                try
                {
                    text = File.ReadAllText(file);
                }
                catch (IOException ex)
                {
                    errors.Add(new PlaybookError(file, 1, 1, "cannot read: " + ex.Message));
                    continue;
                }

                var fileErrors = new List<PlaybookError>();
                if (_parser.Parse(file, text, fileErrors) is { } playbook)
                {
                    _byFile[file] = playbook;
                }
                else
                {
                    errors.AddRange(fileErrors);
                }
            }

            var playbooks = new List<PlaybookDefinition>();
            foreach (var playbook in _byFile.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value))
            {
                if (playbooks.Any(p => p.Name == playbook.Name))
                {
                    errors.Add(new PlaybookError(playbook.SourceFile, 1, 1, $"playbook name '{playbook.Name}' is already used by another file; this file is ignored"));
                    continue;
                }

                playbooks.Add(playbook);
            }

            _snapshot = new Snapshot(playbooks, errors);
            foreach (var error in errors)
            {
                _logger.LogError("Playbook error: {Error}", error.ToString());
            }

            _logger.LogInformation("Loaded {Count} playbook(s) from {Directory}", playbooks.Count, Directory);
        }

        Reloaded?.Invoke(this, EventArgs.Empty);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce?.Dispose();
    }

    private sealed record Snapshot(IReadOnlyList<PlaybookDefinition> Playbooks, IReadOnlyList<PlaybookError> Errors);
}
