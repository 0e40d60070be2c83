namespace EnterpriseHub.Detection.Evaluation;

/// <summary>A NAB application profile: the weights of a true positive, a false negative and a false positive.</summary>
/// <param name="Name">Profile name as NAB spells it.</param>
/// <param name="TruePositive">Weight of the earliest detection in a window.</param>
/// <param name="FalseNegative">Cost of a window without detection.</param>
/// <param name="FalsePositive">Cost of a detection far from any window.</param>
public sealed record NabProfile(string Name, double TruePositive, double FalseNegative, double FalsePositive)
{
    /// <summary>The standard profile (1, 1, 0.11).</summary>
    public static NabProfile Standard { get; } = new("standard", 1.0, 1.0, 0.11);

    /// <summary>Rewards few false positives (1, 1, 0.22).</summary>
    public static NabProfile RewardLowFalsePositives { get; } = new("reward_low_FP_rate", 1.0, 1.0, 0.22);

    /// <summary>Rewards few false negatives (1, 2, 0.11).</summary>
    public static NabProfile RewardLowFalseNegatives { get; } = new("reward_low_FN_rate", 1.0, 2.0, 0.11);

    /// <summary>The three published profiles.</summary>
    public static IReadOnlyList<NabProfile> All { get; } = [Standard, RewardLowFalsePositives, RewardLowFalseNegatives];
}
