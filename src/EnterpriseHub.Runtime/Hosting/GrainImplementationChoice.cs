namespace EnterpriseHub.Runtime.Hosting;

/// <summary>Which grain class implements a grain interface in this silo, when more than one could.</summary>
/// <param name="Interface">The grain interface.</param>
/// <param name="GrainClass">The chosen grain class.</param>
public sealed record GrainImplementationChoice(Type Interface, Type GrainClass);
