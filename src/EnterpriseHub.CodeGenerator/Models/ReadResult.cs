namespace EnterpriseHub.CodeGenerator.Models;

/// <summary>What reading one declaration produced: a model to emit (null when the declaration has errors) and the
/// diagnostics to report. The two travel apart in the pipeline so that moving code around re-reports diagnostics
/// without re-emitting sources.</summary>
internal sealed record ReadResult<TModel>(TModel? Model, EquatableArray<DiagnosticInfo> Diagnostics)
    where TModel : class;
