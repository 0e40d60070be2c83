namespace EnterpriseHub.Detection.Detectors;

/// <summary>
/// The tail of a sample judged by its k largest values: how likely a new record is to overshoot the largest by a given
/// excess (range novelty's values and residuals, the flatline detector's run lengths).
/// </summary>
/// <remarks>
/// Beyond a high threshold most tails are close to exponential (the peaks-over-threshold limit, Pickands 1975, with
/// shape 0), and for an exponential tail of scale b the overshoot of a new record beyond the old maximum is itself
/// Exp(b). The top k values give k - 1 normalised spacings i (X(i) - X(i+1)), i.i.d. Exp(b) under that tail (Rényi's
/// representation of exponential order statistics), whose sum S estimates (k - 1) b. Plugging the estimate into
/// exp(-e / b) would be over-confident with so few spacings, so the predictive probability is used instead: with the
/// scale-invariant prior 1 / b, P(overshoot &gt;= e | record, S) = (1 + e / S)^-(k - 1), a Lomax tail that tends to
/// exp(-e / b) as k grows.
/// </remarks>
internal static class ExtremeSpacings
{
    /// <summary>
    /// P(overshoot &gt;= <paramref name="excess"/>) beyond the first of the <paramref name="count"/> extremes in
    /// <paramref name="side"/> (ordered from the most extreme inwards, on either side), with each spacing taken at
    /// least <paramref name="minScale"/>; with one extreme only, exp(-excess / minScale).
    /// </summary>
    public static double Overshoot(ReadOnlySpan<double> side, int count, double excess, double minScale)
    {
        // S = sum_i i (X(i) - X(i+1)) over the m = k - 1 spacings = sum_{i<k} X(i) - m X(k); at least m times the floor.
        var m = count - 1;
        if (m < 1)
        {
            return Math.Exp(-excess / Math.Max(minScale, 1e-300));
        }

        var sum = 0.0;
        for (var i = 0; i < m; i++)
        {
            sum += side[i];
        }

        var spacings = Math.Max(Math.Abs(sum - m * side[m]), m * Math.Max(minScale, 1e-300));
        return Math.Exp(-m * Math.Log(1 + excess / spacings));
    }

    /// <summary>Inserts <paramref name="value"/> into the ordered extremes, dropping the least extreme (unfilled slots
    /// hold infinities on the inner side: -Infinity when <paramref name="descending"/>, +Infinity otherwise).</summary>
    public static void Insert(Span<double> side, double value, bool descending)
    {
        var last = side.Length - 1;
        if (descending ? value <= side[last] : value >= side[last])
        {
            return;
        }

        var i = last;
        while (i > 0 && (descending ? value > side[i - 1] : value < side[i - 1]))
        {
            side[i] = side[i - 1];
            i--;
        }

        side[i] = value;
    }
}
