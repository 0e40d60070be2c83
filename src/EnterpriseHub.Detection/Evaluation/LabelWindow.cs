namespace EnterpriseHub.Detection.Evaluation;

/// <summary>A labelled anomaly window as inclusive row indices of one series.</summary>
/// <param name="Start">First row inside the window.</param>
/// <param name="End">Last row inside the window (the right edge R).</param>
public readonly record struct LabelWindow(int Start, int End)
{
    /// <summary>Width W in rows.</summary>
    public int Width => End - Start + 1;

    /// <summary>Whether <paramref name="row"/> lies inside the window.</summary>
    public bool Contains(int row) => row >= Start && row <= End;
}
