using System.CommandLine;
using EnterpriseHub.Detection;
using EnterpriseHub.Silo.Backtest;

namespace EnterpriseHub.Silo.Commands;

/// <summary><c>ehub backtest &lt;csv file or folder&gt; [--labels windows.json] [--out dir] [--sensitivity low|medium|high]
/// [--alert-level p] [--novelty-alert-level p] [--context-levels n] [--persistence k/n] [--per-file] [--forecast] [--evidence]</c>.</summary>
public static class BacktestCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var input = new Argument<string>("input") { Description = "A CSV file (timestamp,value) or a folder walked recursively." };
        var labels = new Option<string?>("--labels") { Description = "NAB windows JSON; prints NAB scores, precision, recall and delay." };
        var output = new Option<string?>("--out") { Description = "Folder for timestamp,value,anomaly_score,alert CSVs at the same relative paths." };
        var sensitivity = new Option<Sensitivity>("--sensitivity")
        {
            Description = "Alert sensitivity of the engine's own decisions.",
            DefaultValueFactory = _ => Sensitivity.Medium,
        };
        var alertLevel = new Option<double>("--alert-level")
        {
            Description = "Tail probability at which the engine alerts, instead of --sensitivity's (1e-6, 1e-5, 1e-4 for low, medium, high); for measuring the own alerts at any level.",
        };
        var noveltyAlertLevel = new Option<double>("--novelty-alert-level")
        {
            Description = "Tail probability at which novelty (records, context novelty) alerts when looser than the alert level; residual tails, clusters and flatlines still count only at the alert level. For measuring what the own alerts trade (README).",
        };
        var contextLevels = new Option<int>("--context-levels")
        {
            Description = "Levels context novelty discretises into (default 10); for measuring how much a score owes to the grid.",
            DefaultValueFactory = _ => DetectorOptions.DefaultContextLevels,
        };
        var persistence = new Option<string>("--persistence")
        {
            Description = "Alert also when k of the last n samples are unusual, each at the level that makes this as rare as one alert-level sample (default 2/3; 1/1 turns it off).",
            DefaultValueFactory = _ => BacktestSettings.DefaultPersistence,
        };
        var perFile = new Option<bool>("--per-file")
        {
            Description = "With --labels, also print each file's standard-profile raw score, windows detected and false positives (optimised threshold and own alerts), comparable with NAB's per-file score tables.",
        };
        var forecast = new Option<bool>("--forecast")
        {
            Description = "Also run the seasonal forecaster over each file and print, 1, 6, 24 and 96 steps ahead, how often its 80% and 95% intervals held the value and its mean absolute error relative to repeating the last value.",
        };
        var evidence = new Option<bool>("--evidence")
        {
            Description = "With --labels, also print each window's strongest strong-test evidence (weighted p, before the gates) against the strongest outside its file's windows, and how far the windows the own alerts missed are from the alert level.",
        };
        var command = new Command("backtest", "Run the detection ensemble over CSV series, one row at a time, and score it like NAB.")
        {
            input,
            labels,
            output,
            sensitivity,
            alertLevel,
            noveltyAlertLevel,
            contextLevels,
            persistence,
            perFile,
            forecast,
            evidence,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new BacktestSettings(
                parseResult.GetValue(input)!,
                parseResult.GetValue(labels),
                parseResult.GetValue(output),
                parseResult.GetValue(sensitivity),
                parseResult.GetValue(contextLevels),
                parseResult.GetValue(persistence)!,
                parseResult.GetValue(perFile),
                parseResult.GetValue(forecast),
                parseResult.GetValue(evidence),
                parseResult.GetValue(alertLevel),
                parseResult.GetValue(noveltyAlertLevel));
            return BacktestRunner.RunAsync(settings, Console.Out, cancellationToken);
        });
        return command;
    }
}
