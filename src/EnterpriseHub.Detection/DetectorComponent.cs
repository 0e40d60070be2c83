namespace EnterpriseHub.Detection;

/// <summary>The part of the ensemble whose evidence dominated a sample's anomaly score.</summary>
public enum DetectorComponent
{
    /// <summary>No component produced notable evidence (or the detector is still warming up).</summary>
    None,

    /// <summary>The value left the range the series has shown so far (spatial novelty).</summary>
    RangeNovelty,

    /// <summary>Robust z-score of the sample against the rolling median and MAD.</summary>
    RobustZScore,

    /// <summary>Residual against the seasonal Holt-Winters baseline, scaled by the Brutlag deviation.</summary>
    Seasonal,

    /// <summary>Spectral-residual saliency (Ren et al., KDD 2019).</summary>
    SpectralResidual,

    /// <summary>Level-shift / distribution change detected by the conformal martingale.</summary>
    ChangePoint,

    /// <summary>A short shape of the series never seen before (contextual novelty).</summary>
    ContextNovelty,

    /// <summary>The series repeated the same value for longer than it ever has (a stuck sensor or exporter).</summary>
    Flatline,

    /// <summary>k of the last n samples were unusual, none enough on its own (<see cref="Ensemble.Persistence"/>).</summary>
    Persistence,
}
