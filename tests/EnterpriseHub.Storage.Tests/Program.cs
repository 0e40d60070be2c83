namespace EnterpriseHub.Storage.Tests;

/// <summary>Entry point for running this assembly as a child process: the crash test's writer and the throughput
/// measurement. The test runner never calls it.</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args.Length > 0 ? args[0] : string.Empty)
        {
            case CrashWriter.Command:
                await CrashWriter.RunAsync(args[1..]);
                return 0;
            case WriteThroughput.Command:
                await WriteThroughput.RunAsync(args[1..]);
                return 0;
            default:
                await Console.Error.WriteLineAsync(
                    $"usage: {CrashWriter.Command} <database> <writers> | {WriteThroughput.Command} [writes] [keys] [writers] [payload-bytes] [normal|full]");
                return 2;
        }
    }
}
