using System.Net;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;

namespace EnterpriseHub.Silo.Security;

/// <summary>Settings of API access (section <c>Security</c>).</summary>
public sealed class SecurityOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Security";

    /// <summary>When true, ingestion and reads from loopback need a key too.</summary>
    public bool RequireKeyOnLoopback { get; set; }
}

/// <summary>Authorization policy names used by the endpoints.</summary>
public static class SiloPolicies
{
    /// <summary>Push samples: an ingest key, or loopback.</summary>
    public const string Ingest = "ingest";

    /// <summary>Read: a viewer key, or loopback.</summary>
    public const string Viewer = "viewer";

    /// <summary>Act or change configuration: always an operator key.</summary>
    public const string Operator = "operator";

    /// <summary>Manage keys: always an admin key.</summary>
    public const string Admin = "admin";

    /// <summary>Adds the four policies.</summary>
    public static AuthorizationBuilder AddSiloPolicies(this AuthorizationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddPolicy(Ingest, p => p.AddRequirements(new RoleOrLoopbackRequirement("ingest", allowLoopback: true)))
            .AddPolicy(Viewer, p => p.AddRequirements(new RoleOrLoopbackRequirement("viewer", allowLoopback: true)))
            .AddPolicy(Operator, p => p.AddRequirements(new RoleOrLoopbackRequirement("operator", allowLoopback: false)))
            .AddPolicy(Admin, p => p.AddRequirements(new RoleOrLoopbackRequirement("admin", allowLoopback: false)));
    }
}

/// <summary>Met by a key with <see cref="Role"/>, or, when allowed and configured so, by any caller on loopback.</summary>
public sealed class RoleOrLoopbackRequirement(string role, bool allowLoopback) : IAuthorizationRequirement
{
    /// <summary>The role a key must carry.</summary>
    public string Role { get; } = role;

    /// <summary>Whether loopback callers may pass without a key.</summary>
    public bool AllowLoopback { get; } = allowLoopback;
}

/// <summary>Evaluates <see cref="RoleOrLoopbackRequirement"/>.</summary>
public sealed class RoleOrLoopbackHandler(IOptionsMonitor<SecurityOptions> options) : AuthorizationHandler<RoleOrLoopbackRequirement>
{
    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, RoleOrLoopbackRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        if (context.User.IsInRole(requirement.Role))
        {
            context.Succeed(requirement);
        }
        else if (requirement.AllowLoopback && !options.CurrentValue.RequireKeyOnLoopback
            && context.Resource is HttpContext http && IsLoopback(http))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }

    private static bool IsLoopback(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        // The in-memory test server has no remote address; it is as local as a caller can be.
        return remote is null || IPAddress.IsLoopback(remote);
    }
}
