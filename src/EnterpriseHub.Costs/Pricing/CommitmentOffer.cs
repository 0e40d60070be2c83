namespace EnterpriseHub.Costs.Pricing;

/// <summary>Reserved capacity for a resource: a discount on the on-demand price for a term, part of it paid upfront.</summary>
/// <param name="Discount">Fraction off the on-demand price, in (0, 1).</param>
/// <param name="TermMonths">Length of the commitment.</param>
/// <param name="UpfrontFraction">Share of the term's committed amount paid at purchase, in [0, 1].</param>
public sealed record CommitmentOffer(double Discount, int TermMonths, double UpfrontFraction);
