using System.Reflection;

namespace EnterpriseHub.Runtime.Hosting;

/// <summary>An assembly whose grain classes a silo hosts (registered by <c>AddGrains</c>).</summary>
/// <param name="Assembly">The assembly.</param>
public sealed record GrainAssembly(Assembly Assembly);
