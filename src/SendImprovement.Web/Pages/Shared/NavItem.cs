namespace SendImprovement.Web.Pages;

/// <summary>A link in the service navigation.</summary>
public sealed record NavItem(string Href, string Text, bool Current);
