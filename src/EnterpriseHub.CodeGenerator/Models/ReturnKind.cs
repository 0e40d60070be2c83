namespace EnterpriseHub.CodeGenerator.Models;

/// <summary>The awaitable a grain method returns; decides the request base class and how the proxy returns.</summary>
internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
