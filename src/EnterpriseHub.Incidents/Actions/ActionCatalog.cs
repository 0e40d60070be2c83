namespace EnterpriseHub.Incidents.Actions;

/// <summary>The registered actions by type.</summary>
public sealed class ActionCatalog
{
    private readonly Dictionary<string, IPlaybookAction> _actions = new(StringComparer.Ordinal);

    /// <summary>Indexes <paramref name="actions"/>; a later registration of a type replaces an earlier one, so users
    /// can swap a built-in action for their own.</summary>
    public ActionCatalog(IEnumerable<IPlaybookAction> actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        foreach (var action in actions)
        {
            _actions[action.Type] = action;
        }
    }

    /// <summary>The action types.</summary>
    public IEnumerable<string> Types => _actions.Keys.Order(StringComparer.Ordinal);

    /// <summary>The action of a type, or null.</summary>
    public IPlaybookAction? Find(string type) => _actions.GetValueOrDefault(type);

    /// <summary>A step's input problems, or null for an unknown type (the parser's hook).</summary>
    public IReadOnlyList<string>? Check(string type, IReadOnlyDictionary<string, string> inputs) =>
        _actions.TryGetValue(type, out var action) ? action.Validate(inputs) : null;
}
