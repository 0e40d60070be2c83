using EnterpriseHub.Costs.Scaling;

namespace EnterpriseHub.Costs.Tests.Formulas;

public sealed class HorizontalPodAutoscalerTests
{
    [Theory]
    // ⌈4 × 90 / 60⌉ = ⌈6⌉ = 6.
    [InlineData(4, 90, 60, 6)]
    // 63 / 60 = 1.05: within the 0.1 tolerance → unchanged.
    [InlineData(4, 63, 60, 4)]
    // 66 / 60 = 1.1: still within (≤ 0.1) → unchanged.
    [InlineData(4, 66, 60, 4)]
    // ⌈4 × 20 / 60⌉ = ⌈1.33⌉ = 2.
    [InlineData(4, 20, 60, 2)]
    // ⌈3 × 100 / 50⌉ = 6.
    [InlineData(3, 100, 50, 6)]
    public void Desired_replicas_follow_the_Kubernetes_formula(int current, double metric, double target, int expected) =>
        Assert.Equal(expected, HorizontalPodAutoscaler.Desired(current, metric, target));

    [Fact]
    public void Scale_down_takes_the_highest_recommendation_of_the_last_five_minutes()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        (DateTimeOffset, int)[] history = [(now.AddMinutes(-6), 4), (now.AddMinutes(-4), 3), (now.AddMinutes(-1), 2)];
        // Desired 2 now; within 5 min the recommendations were 3 and 2 → 3. The 6-minute-old 4 has left the window.
        Assert.Equal(3, HorizontalPodAutoscaler.Stabilise(4, 2, history, now, HorizontalPodAutoscaler.DefaultScaleDownStabilisation));
        // Scale-ups apply at once.
        Assert.Equal(6, HorizontalPodAutoscaler.Stabilise(4, 6, history, now, TimeSpan.FromMinutes(5)));
    }
}
