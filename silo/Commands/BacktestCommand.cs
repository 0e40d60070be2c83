using System.CommandLine;
using EnterpriseHub.Detection;
using EnterpriseHub.Silo.Backtest;

namespace EnterpriseHub.Silo.Commands;

/// <summary><c>ehub backtest &lt;csv file or folder&gt; [--labels windows.json] [--out dir] [--sensitivity low|medium|high]</c>.</summary>
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
        var command = new Command("backtest", "Run the detection ensemble over CSV series, one row at a time, and score it like NAB.")
        {
            input,
            labels,
            output,
            sensitivity,
        };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var settings = new BacktestSettings(
                parseResult.GetValue(input)!,
                parseResult.GetValue(labels),
                parseResult.GetValue(output),
                parseResult.GetValue(sensitivity));
            return BacktestRunner.RunAsync(settings, Console.Out, cancellationToken);
        });
        return command;
    }
}
