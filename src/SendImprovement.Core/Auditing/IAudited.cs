namespace SendImprovement.Core.Auditing;

/// <summary>
/// Marks programme data whose every change must be saved with an audit record saying who, when, what and why.
/// The database context refuses to save changes to these without an <see cref="AuditContext"/>.
/// </summary>
public interface IAudited;
