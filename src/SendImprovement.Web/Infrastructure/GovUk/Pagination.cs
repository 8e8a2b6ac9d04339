namespace SendImprovement.Web.Infrastructure.GovUk;

/// <summary>
/// What the GOV.UK pagination component (<c>Pages/Shared/_Pagination.cshtml</c>) needs: the page shown, how many
/// there are, each page's address, and a label naming what is paged ("Pages of rows").
/// </summary>
public sealed record Pagination(int PageNumber, int PageCount, Func<int, string> Link, string Label);
