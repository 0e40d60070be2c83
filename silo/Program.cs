using System.CommandLine;
using EnterpriseHub.Silo.Commands;

// The host handles SIGINT/SIGTERM itself and needs time to deactivate grains and persist their state,
// so the command line must not cut it off after its default two seconds.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = null };
return await SiloCommandLine.Create().Parse(args).InvokeAsync(invocation).ConfigureAwait(false);
