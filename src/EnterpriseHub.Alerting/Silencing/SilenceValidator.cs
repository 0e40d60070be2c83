using EnterpriseHub.Abstractions.Alerts;

namespace EnterpriseHub.Alerting.Silencing;

/// <summary>Checks a silence request the way Alertmanager does: at least one matcher, valid expressions, at least
/// one matcher that does not match the empty string (so a silence cannot mute everything by accident), and an
/// end after the start.</summary>
public static class SilenceValidator
{
    /// <summary>The most matchers a silence may have.</summary>
    public const int MaxMatchers = 64;

    /// <summary>The longest comment accepted.</summary>
    public const int MaxCommentLength = 4096;

    /// <summary>Errors by field name (camelCase, as the API names them); empty when the request is valid.</summary>
    public static Dictionary<string, string[]> Validate(SilenceRequest? request, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request is null)
        {
            errors["body"] = ["A silence needs a JSON body with matchers, endsAt and comment."];
            return errors;
        }

        if (request.Matchers is null || request.Matchers.Count == 0)
        {
            errors["matchers"] = ["At least one matcher is required."];
        }
        else if (request.Matchers.Count > MaxMatchers)
        {
            errors["matchers"] = [$"At most {MaxMatchers} matchers."];
        }
        else
        {
            try
            {
                var compiled = Silence.Compile(request.Matchers);
                if (compiled.All(m => m.Matches("")))
                {
                    errors["matchers"] = ["At least one matcher must not match the empty string, or the silence would mute every alert."];
                }
            }
            catch (FormatException ex)
            {
                errors["matchers"] = [ex.Message];
            }
        }

        var startsAt = request.StartsAt ?? now;
        if (request.EndsAt <= startsAt)
        {
            errors["endsAt"] = ["endsAt must be after startsAt (or after now when startsAt is omitted)."];
        }
        else if (request.EndsAt <= now)
        {
            errors["endsAt"] = ["endsAt must be in the future."];
        }

        if (request.Comment is { Length: > MaxCommentLength })
        {
            errors["comment"] = [$"At most {MaxCommentLength} characters."];
        }

        return errors;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing the errors when the request is invalid.</summary>
    public static void ThrowIfInvalid(SilenceRequest? request, DateTimeOffset now)
    {
        var errors = Validate(request, now);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")), nameof(request));
        }
    }
}
