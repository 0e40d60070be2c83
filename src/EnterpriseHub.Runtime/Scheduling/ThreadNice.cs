using System.Runtime.InteropServices;

namespace EnterpriseHub.Runtime.Scheduling;

/// <summary>
/// Sets the Linux scheduling niceness of the calling thread. Linux schedules threads, not processes, so a thread
/// can be niced on its own (setpriority(2) with a thread id): a niced data lane still gets every cycle nobody else
/// wants, but yields the processor to request handling, I/O completions and control-plane lanes when they are
/// runnable. Raising niceness needs no privilege; elsewhere than Linux this does nothing.
/// </summary>
internal static partial class ThreadNice
{
    private const int PrioProcess = 0;

    /// <summary>Applies <paramref name="nice"/> (-20 to 19) to the calling thread; false when the platform refused.</summary>
    public static bool TrySetCurrent(int nice)
    {
        if (nice == 0 || !OperatingSystem.IsLinux())
        {
            return nice == 0;
        }

        try
        {
            return SetPriority(PrioProcess, GetTid(), nice) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static extern int SetPriority(int which, int who, int prio);

    [DllImport("libc", EntryPoint = "gettid")]
    private static extern int GetTid();
}
