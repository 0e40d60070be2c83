using System.Globalization;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Grains;

/// <summary>Collects what is wrong with a settings section, one message per offending key, for an options validator.</summary>
internal sealed class SettingFailures
{
    private readonly List<string> _failures = [];

    /// <summary>Records <paramref name="message"/> (formatted invariantly, as configuration is written) unless <paramref name="ok"/>.</summary>
    public void Require(bool ok, FormattableString message)
    {
        if (!ok)
        {
            _failures.Add(message.ToString(CultureInfo.InvariantCulture));
        }
    }

    /// <summary>Success, or a failure listing every message.</summary>
    public ValidateOptionsResult Result => _failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_failures);
}
