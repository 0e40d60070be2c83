namespace EnterpriseHub.Runtime;

/// <summary>Marker for every grain interface. Grain interfaces declare methods returning
/// <see cref="Task"/>, <see cref="Task{TResult}"/>, <see cref="ValueTask"/> or <see cref="ValueTask{TResult}"/>.</summary>
public interface IGrain;

/// <summary>A grain identified by a string key, as in Orleans.</summary>
public interface IGrainWithStringKey : IGrain;
