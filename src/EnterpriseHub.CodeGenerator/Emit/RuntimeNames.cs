namespace EnterpriseHub.CodeGenerator.Emit;

/// <summary>Fully qualified names of the runtime and BCL types generated code uses.</summary>
internal static class RuntimeNames
{
    public const string Invocation = "global::EnterpriseHub.Runtime.Invocation.";
    public const string GrainReference = Invocation + "GrainReference";
    public const string GrainReferenceArgs = Invocation + "GrainReferenceArgs";
    public const string GrainMethodDescriptor = Invocation + "GrainMethodDescriptor";
    public const string InvokeMethodOptions = Invocation + "InvokeMethodOptions";
    public const string Request = Invocation + "Request";
    public const string VoidRequest = Invocation + "VoidRequest";
    public const string GrainTypeRegistry = Invocation + "GrainTypeRegistry";
    public const string GrainClassDescriptor = Invocation + "GrainClassDescriptor";
    public const string Task = "global::System.Threading.Tasks.Task";
    public const string ValueTask = "global::System.Threading.Tasks.ValueTask";
    public const string TimeSpan = "global::System.TimeSpan";
    public const string Type = "global::System.Type";
    public const string Json = "global::System.Text.Json.";
    public const string JsonTypeInfo = "global::System.Text.Json.Serialization.Metadata.JsonTypeInfo";
    public const string ServiceProviderExtensions = "global::Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions";
    public const string ModuleInitializer = "global::System.Runtime.CompilerServices.ModuleInitializer";
}
