using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SendImprovement.Core.Data;
using SendImprovement.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SendImprovement.Web.Tests.Security;

/// <summary>
/// The authorisation matrix: every endpoint the running app maps (each Razor page handler, the API, downloads and
/// health) is asked by each role and by someone not signed in, and answered as <see cref="Table"/> says. Route values
/// are real records of a partnership of its own; the same requests with another partnership's records are refused,
/// and so are a contributor's requests for items they do not lead. A refused form post changes nothing, and a page
/// form posted without its antiforgery token is refused.
/// </summary>
[Collection(WebTestGroup.Name)]
public sealed class AuthorizationMatrixTests(AppFactory factory, ITestOutputHelper output)
{
    private const Who SignedIn = Who.Viewer | Who.Contributor | Who.ProgrammeLead | Who.Administrator;
    private const Who Everyone = Who.Anonymous | SignedIn;
    private const Who Updaters = Who.Contributor | Who.ProgrammeLead | Who.Administrator;
    private const Who Managers = Who.ProgrammeLead | Who.Administrator;
    private const Who Administrators = Who.Administrator;

    private static readonly Who[] Roles = [Who.Anonymous, Who.Viewer, Who.Contributor, Who.ProgrammeLead, Who.Administrator];

    /// <summary>The roles tied to one partnership: another partnership's records are refused to them.</summary>
    private static readonly Who[] PartnershipRoles = [Who.Viewer, Who.Contributor, Who.ProgrammeLead];

    /// <summary>The route parameters that name a record, so the endpoint is checked with another partnership's records too.</summary>
    private static readonly HashSet<string> RecordParameters = ["planId", "itemId", "periodId", "sectionId", "updateId", "id"];

    /// <summary>What each role may do at each endpoint. A mapped endpoint without a row fails the test.</summary>
    private static readonly Expectation[] Table =
    [
        // Signing in and out, and the pages anyone may see.
        Get("/sign-in", Everyone),
        Post("/sign-in", Everyone),

        // Single sign-on is not configured in the shared test app: its button's post goes back to the sign-in page and
        // its completion page is not found (OpenIdConnectSignInTests covers them configured).
        Post("/sign-in", Everyone, "SingleSignOn"),
        Get("/sign-in/single-sign-on", Everyone) with { AllowedStatus = HttpStatusCode.NotFound },
        Get("/sign-out", Everyone),
        Post("/sign-out", Everyone) with { EndsSession = true },
        Get("/accessibility", Everyone),
        Get("/error/{code:int?}", Everyone),
        Post("/error/{code:int?}", Everyone) with { TakesNoAntiforgeryTokenBecause = "the error page is re-executed for refused posts of any kind" },
        Get("/health", Everyone),
        Get("/health/live", Everyone),
        Get("/health/ready", Everyone),

        // Plans.
        Get("/", SignedIn),
        Get("/plans", SignedIn),
        Get("/plans/new", Managers) with { Query = OfThePartnership },
        Post("/plans/new", Managers) with { Query = OfThePartnership },
        Get("/plans/{planId:int}", SignedIn),
        Get("/plans/{planId:int}/edit", Managers),
        Post("/plans/{planId:int}/edit", Managers),
        Get("/plans/{planId:int}/key/new", Managers),
        Post("/plans/{planId:int}/key/new", Managers),
        Get("/plans/{planId:int}/export", SignedIn) with { Query = _ => "format=xlsx", Downloads = ["format=csv"] },

        // Items: contributors update only the items they lead or sponsor.
        Get("/items/{itemId:int}", SignedIn),
        Get("/items/{itemId:int}/history/{part}", SignedIn),
        Get("/plans/{planId:int}/items/new", Managers),
        Post("/plans/{planId:int}/items/new", Managers),
        Get("/items/{itemId:int}/edit", Managers),
        Post("/items/{itemId:int}/edit", Managers),
        Get("/items/{itemId:int}/links/new", Managers),
        Post("/items/{itemId:int}/links/new", Managers),
        Get("/items/{itemId:int}/measures/new", Managers),
        Post("/items/{itemId:int}/measures/new", Managers),
        Get("/items/{itemId:int}/rating", Updaters) with { ContributorOnlyForTheirOwnRecords = true },
        Post("/items/{itemId:int}/rating", Updaters) with { ContributorOnlyForTheirOwnRecords = true },
        Get("/items/{itemId:int}/deadline", Updaters) with { ContributorOnlyForTheirOwnRecords = true },
        Post("/items/{itemId:int}/deadline", Updaters) with { ContributorOnlyForTheirOwnRecords = true },
        Get("/items/{itemId:int}/notes/new", Updaters) with { ContributorOnlyForTheirOwnRecords = true },
        Post("/items/{itemId:int}/notes/new", Updaters) with { ContributorOnlyForTheirOwnRecords = true },

        // People.
        Get("/people", SignedIn) with { Query = OfThePartnership },
        Get("/people/new", Managers) with { Query = OfThePartnership },
        Post("/people/new", Managers) with { Query = OfThePartnership },
        Get("/people/initials", Managers) with { Query = TheUnmatchedInitials },
        Post("/people/initials", Managers) with { Query = TheUnmatchedInitials },

        // Reporting periods. Contributors review only the sections they sponsor; the world's contributor sponsors none.
        Get("/plans/{planId:int}/periods", SignedIn),
        Get("/plans/{planId:int}/periods/new", Managers),
        Post("/plans/{planId:int}/periods/new", Managers),
        Get("/periods/{periodId:int}", SignedIn),
        Get("/periods/{periodId:int}/close", Managers),
        Post("/periods/{periodId:int}/close", Managers),
        Get("/periods/{periodId:int}/reopen", Managers) with { ClosedPeriod = true },
        Post("/periods/{periodId:int}/reopen", Managers) with { ClosedPeriod = true },
        Get("/periods/{periodId:int}/easy-read", Managers),
        Get("/periods/{periodId:int}/easy-read/{sectionId:int}", Managers),
        Post("/periods/{periodId:int}/easy-read/{sectionId:int}", Managers),
        Get("/periods/{periodId:int}/reports/{kind}", SignedIn) with { Downloads = ["format=docx", "format=html"] },
        Get("/periods/{periodId:int}/sections/{sectionId:int}", Managers),
        Post("/periods/{periodId:int}/sections/{sectionId:int}", Managers),
        Get("/periods/{periodId:int}/updates/{updateId:int}/review", Managers),
        Post("/periods/{periodId:int}/updates/{updateId:int}/review", Managers),
        Get("/periods/{periodId:int}/items/{itemId:int}/update", Updaters) with { ContributorOnlyForTheirOwnRecords = true },
        Post("/periods/{periodId:int}/items/{itemId:int}/update", Updaters) with { ContributorOnlyForTheirOwnRecords = true },
        Get("/updates", SignedIn),

        // Importing plans.
        Get("/imports", Managers) with { Query = OfThePartnership },
        Get("/imports/new", Managers) with { Query = OfThePartnership },
        Post("/imports/new", Managers) with { Query = OfThePartnership },
        Get("/imports/{id:int}/mapping", Managers) with { Id = IdNames.Import },
        Post("/imports/{id:int}/mapping", Managers) with { Id = IdNames.Import },
        Get("/imports/{id:int}/preview", Managers) with { Id = IdNames.Import },
        Post("/imports/{id:int}/preview", Managers, "Update") with { Id = IdNames.Import },
        Post("/imports/{id:int}/preview", Managers, "Commit") with { Id = IdNames.Import },
        Post("/imports/{id:int}/preview", Managers, "Discard") with { Id = IdNames.Import },

        // A draft import's record sends its reader on to the preview.
        Get("/imports/{id:int}", Managers) with { Id = IdNames.Import, AllowedStatus = HttpStatusCode.Redirect },

        // Measures: contributors record figures and commentary only for the measures they own.
        Get("/measures", SignedIn) with { Query = OfThePartnership },
        Get("/measures/library", SignedIn) with { Query = OfThePartnership },
        Get("/measures/comparators", SignedIn) with { Query = OfThePartnership },
        Post("/measures/comparators", Managers) with { Query = OfThePartnership },
        Get("/measures/new", Managers) with { Query = OfThePartnership },
        Post("/measures/new", Managers) with { Query = OfThePartnership },
        Get("/measures/starters", Managers) with { Query = OfThePartnership },
        Post("/measures/starters", Managers) with { Query = OfThePartnership },
        Get("/measures/{id:int}", SignedIn) with { Id = IdNames.Measure },
        Get("/measures/{id:int}/edit", Managers) with { Id = IdNames.Measure },
        Post("/measures/{id:int}/edit", Managers) with { Id = IdNames.Measure },
        Get("/measures/{id:int}/links/new", Managers) with { Id = IdNames.Measure },
        Post("/measures/{id:int}/links/new", Managers) with { Id = IdNames.Measure },
        Post("/measures/{id:int}/unlink", Managers) with { Id = IdNames.Measure, Form = TheLinkedItem },
        Get("/measures/{id:int}/figures/new", Updaters) with { Id = IdNames.Measure, ContributorOnlyForTheirOwnRecords = true },
        Post("/measures/{id:int}/figures/new", Updaters) with { Id = IdNames.Measure, ContributorOnlyForTheirOwnRecords = true },
        Get("/measures/{id:int}/commentary/new", Updaters) with { Id = IdNames.Measure, ContributorOnlyForTheirOwnRecords = true },
        Post("/measures/{id:int}/commentary/new", Updaters) with { Id = IdNames.Measure, ContributorOnlyForTheirOwnRecords = true },
        Get("/measures/loads", Managers) with { Query = OfThePartnership },
        Get("/measures/loads/layouts", SignedIn),
        Get("/measures/loads/new", Managers) with { Query = OfThePartnership },
        Post("/measures/loads/new", Managers) with { Query = OfThePartnership },
        Get("/measures/loads/{id:long}", Managers) with { Id = IdNames.Load },
        Post("/measures/loads/{id:long}", Managers, "Check") with { Id = IdNames.Load },
        Post("/measures/loads/{id:long}", Managers, "Load") with { Id = IdNames.Load },
        Post("/measures/loads/{id:long}", Managers, "Discard") with { Id = IdNames.Load },

        // The user's own API tokens, and the audit log.
        Get("/account/api-tokens", SignedIn),
        Post("/account/api-tokens", SignedIn, "Create"),
        Post("/account/api-tokens", SignedIn, "Revoke") with { Form = TheUsersOwnToken },
        Get("/audit", Administrators),

        // The read API, signed in with a personal token.
        Api("/api/plans"),
        Api("/api/plans/{id:int}") with { Id = IdNames.Plan },
        Api("/api/measures") with { Query = OfThePartnership },
        Api("/api/measures/{id:int}") with { Id = IdNames.Measure, Downloads = ["format=csv"] },
        Api("/api/measures/{id:int}/observations") with { Id = IdNames.Measure, Downloads = ["format=csv"] },
        Api("/api/measures/observations") with { Query = OfThePartnership },
        Api("/api/measures/comparators") with { Query = OfThePartnership },

        // Anything else under /api is "not found" in the API's own terms, whoever asks.
        Api("/api/{**path}") with { Allowed = Everyone, AllowedStatus = HttpStatusCode.NotFound },
    ];

    /// <summary>What <c>{id}</c> stands for in a route.</summary>
    private enum IdNames
    {
        Plan,
        Measure,
        Import,
        Load,
    }

    [Fact]
    public async Task EveryMappedEndpoint_HasOneExpectation()
    {
        var endpoints = await MappedEndpointsAsync();

        Assert.NotEmpty(Pair(endpoints));
    }

    [Fact]
    public async Task EveryEndpoint_AnswersEachRoleAsTheTableSays()
    {
        var rows = Pair(await MappedEndpointsAsync());
        var own = await MatrixRecords.CreateAsync(factory);
        var other = await MatrixRecords.CreateAsync(factory);
        var tally = new Tally();
        await using var sessions = await Sessions.OpenAsync(factory, own);

        foreach (var (endpoint, expectation) in rows.Where(r => r.Endpoint.Method == "GET"))
        {
            await CheckReadAsync(sessions, endpoint, expectation, own, other, tally);
        }

        foreach (var (endpoint, expectation) in rows.Where(r => r.Endpoint.Method == "POST"))
        {
            await CheckPostAsync(sessions, endpoint, expectation, own, other, tally);
        }

        output.WriteLine(
            $"Authorisation matrix: {rows.Count} endpoints × {Roles.Length} roles = {tally.MatrixChecks} checks, {tally.UnexpectedAllows} unexpected allows, {tally.ServerErrors} server errors");
        output.WriteLine(
            $"Also: {tally.OtherPartnershipChecks} requests with another partnership's records, {tally.MixedChecks} mixing two partnerships' records, {tally.ContributorChecks} by a contributor outside their items, " +
            $"{tally.DownloadChecks} downloads, {tally.AntiforgeryChecks} page posts without an antiforgery token");
        foreach (var failure in tally.Failures)
        {
            output.WriteLine(failure);
        }

        if (tally.Failures.Count > 0)
        {
            Assert.Fail($"{tally.Failures.Count} answers differ from the table:\n{string.Join("\n", tally.Failures)}");
        }

        Assert.Equal(Roles.Length * rows.Count, tally.MatrixChecks);
    }

    private static async Task CheckReadAsync(Sessions sessions, MappedEndpoint endpoint, Expectation expectation, MatrixRecords own, MatrixRecords other, Tally tally)
    {
        foreach (var who in Roles)
        {
            var allowed = expectation.Allowed.HasFlag(who);
            var answer = await sessions.GetAsync(who, expectation.IsApi, Url(endpoint, expectation, own));
            tally.MatrixChecks++;
            Judge(tally, endpoint, expectation, who, allowed, answer, "own partnership", other);
            foreach (var download in expectation.Downloads)
            {
                tally.DownloadChecks++;
                Judge(tally, endpoint, expectation, who, allowed, await sessions.GetAsync(who, expectation.IsApi, Url(endpoint, expectation, own, download)), download, other);
            }
        }

        foreach (var who in PartnershipRoles.Where(w => expectation.Allowed.HasFlag(w) && NamesRecords(endpoint, expectation, own)))
        {
            tally.OtherPartnershipChecks++;
            Judge(tally, endpoint, expectation, who, allowed: false, await sessions.GetAsync(who, expectation.IsApi, Url(endpoint, expectation, other)), "another partnership's records", other);
        }

        foreach (var who in Roles.Where(w => w != Who.Anonymous && expectation.Allowed.HasFlag(w) && NamesTwoRecords(endpoint)))
        {
            tally.MixedChecks++;
            var answer = await sessions.GetAsync(who, expectation.IsApi, Url(endpoint, expectation, own, laterRecords: other));
            Judge(tally, endpoint, expectation, who, allowed: false, answer, "a record of this partnership with one of another", other);
        }

        if (expectation.ContributorOnlyForTheirOwnRecords)
        {
            tally.ContributorChecks++;
            var answer = await sessions.GetAsync(Who.Contributor, expectation.IsApi, Url(endpoint, expectation, own.OutsideTheContributorsItems()));
            Judge(tally, endpoint, expectation, Who.Contributor, allowed: false, answer, "an item or measure the contributor does not lead or own", other);
        }
    }

    private static async Task CheckPostAsync(Sessions sessions, MappedEndpoint endpoint, Expectation expectation, MatrixRecords own, MatrixRecords other, Tally tally)
    {
        if (expectation.IsApi)
        {
            throw new InvalidOperationException($"{endpoint.Key}: the API is read-only; teach the matrix how a token holder posts before adding a row for it.");
        }

        // Refusals first, while every record is as the set-up left it.
        foreach (var who in Roles.Where(w => !expectation.Allowed.HasFlag(w)))
        {
            tally.MatrixChecks++;
            await RefusedPostAsync(sessions, sessions.Page(who), endpoint, expectation, who, own, "own partnership", other, tally);
        }

        foreach (var who in PartnershipRoles.Where(w => expectation.Allowed.HasFlag(w) && NamesRecords(endpoint, expectation, own)))
        {
            tally.OtherPartnershipChecks++;
            await RefusedPostAsync(sessions, sessions.Page(who), endpoint, expectation, who, other, "another partnership's records", other, tally);
        }

        foreach (var who in Roles.Where(w => w != Who.Anonymous && expectation.Allowed.HasFlag(w) && NamesTwoRecords(endpoint)))
        {
            tally.MixedChecks++;
            await RefusedPostAsync(sessions, sessions.Page(who), endpoint, expectation, who, own, "a record of this partnership with one of another", other, tally, laterRecords: other);
        }

        if (expectation.ContributorOnlyForTheirOwnRecords)
        {
            tally.ContributorChecks++;
            await RefusedPostAsync(sessions, sessions.Page(Who.Contributor), endpoint, expectation, Who.Contributor, own.OutsideTheContributorsItems(), "an item or measure the contributor does not lead or own", other, tally);
        }

        if (expectation.TakesNoAntiforgeryTokenBecause is null)
        {
            tally.AntiforgeryChecks++;
            await PostWithoutTokenAsync(sessions, endpoint, expectation, own, tally);
        }

        foreach (var who in Roles.Where(w => expectation.Allowed.HasFlag(w)))
        {
            tally.MatrixChecks++;
            var session = expectation.EndsSession ? await sessions.NewSessionAsync(who) : sessions.Page(who);
            var answer = await session.PostAsync(Url(endpoint, expectation, own), FormFields(expectation, own, who), withToken: true);
            Judge(tally, endpoint, expectation, who, allowed: true, answer, "own partnership", other);
        }
    }

    private static async Task RefusedPostAsync(
        Sessions sessions, Session session, MappedEndpoint endpoint, Expectation expectation, Who who, MatrixRecords records, string context, MatrixRecords other, Tally tally, MatrixRecords? laterRecords = null)
    {
        var before = await sessions.FingerprintAsync();
        var answer = await session.PostAsync(Url(endpoint, expectation, records, laterRecords: laterRecords), FormFields(expectation, records, who), withToken: true);
        Judge(tally, endpoint, expectation, who, allowed: false, answer, context, other);
        if (await sessions.FingerprintAsync() != before)
        {
            tally.UnexpectedAllows++;
            tally.Failures.Add($"{endpoint.Key} as {who} ({context}): refused with {(int)answer.Status} but the data changed");
        }
    }

    /// <summary>A page form posted by someone allowed to post it, but without the antiforgery token: refused, and nothing changes.</summary>
    private static async Task PostWithoutTokenAsync(Sessions sessions, MappedEndpoint endpoint, Expectation expectation, MatrixRecords own, Tally tally)
    {
        var who = new[] { Who.ProgrammeLead, Who.Administrator, Who.Contributor, Who.Viewer, Who.Anonymous }.First(w => expectation.Allowed.HasFlag(w));
        var session = expectation.EndsSession ? await sessions.NewSessionAsync(who) : sessions.Page(who);
        var before = await sessions.FingerprintAsync();
        var answer = await session.PostAsync(Url(endpoint, expectation, own), FormFields(expectation, own, who), withToken: false);
        if (answer.Status != HttpStatusCode.BadRequest)
        {
            tally.ServerErrors += (int)answer.Status >= 500 ? 1 : 0;
            tally.Failures.Add($"{endpoint.Key} as {who} without an antiforgery token: expected 400, got {(int)answer.Status}");
        }

        if (await sessions.FingerprintAsync() != before)
        {
            tally.Failures.Add($"{endpoint.Key} as {who} without an antiforgery token: the data changed");
        }
    }

    /// <summary>Records whether the answer is what the table says for this role, and counts unexpected allows and server errors.</summary>
    private static void Judge(Tally tally, MappedEndpoint endpoint, Expectation expectation, Who who, bool allowed, Answer answer, string context, MatrixRecords other)
    {
        var status = (int)answer.Status;
        var what = $"{endpoint.Method} {answer.Url} ({endpoint.Key}) as {who}, {context}";
        if (status >= 500)
        {
            tally.ServerErrors++;
            tally.Failures.Add($"{what}: server error {status}");
            return;
        }

        if (!allowed)
        {
            if (!IsRefusal(answer, who, expectation.IsApi))
            {
                var refusedAnyway = answer.Status is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden or HttpStatusCode.NotFound || IsSignInRedirect(answer);
                tally.UnexpectedAllows += refusedAnyway ? 0 : 1;
                tally.Failures.Add($"{what}: should be refused ({RefusalText(who, expectation.IsApi)}), got {status}{LocationText(answer)}");
            }

            return;
        }

        var expected = endpoint.Method == "GET"
            ? answer.Status == expectation.AllowedStatus && !IsSignInRedirect(answer)
            : answer.Status is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Unauthorized) && !IsSignInRedirect(answer);
        if (!expected)
        {
            tally.Failures.Add($"{what}: should be allowed ({(endpoint.Method == "GET" ? (int)expectation.AllowedStatus : "not 401, 403 or 404")}), got {status}{LocationText(answer)}");
        }

        // Whatever a user of one partnership may read, nothing of another partnership is in it.
        if (who is not (Who.Administrator or Who.Anonymous) && answer.Body.Contains(other.World.PartnershipName, StringComparison.Ordinal))
        {
            tally.UnexpectedAllows++;
            tally.Failures.Add($"{what}: the answer shows {other.World.PartnershipName}, another partnership");
        }
    }

    private static bool IsRefusal(Answer answer, Who who, bool api) => who == Who.Anonymous
        ? (api ? answer.Status == HttpStatusCode.Unauthorized : IsSignInRedirect(answer))
        : answer.Status is HttpStatusCode.Forbidden or HttpStatusCode.NotFound;

    private static string RefusalText(Who who, bool api) => who == Who.Anonymous ? (api ? "401" : "a redirect to sign in") : "403 or 404";

    /// <summary>The sign-in challenge: a redirect to sign in that comes back here (signing out also ends on the sign-in page, without a way back).</summary>
    private static bool IsSignInRedirect(Answer answer) =>
        answer.Status == HttpStatusCode.Redirect && answer.Location is { } location
        && (location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString).StartsWith("/sign-in?ReturnUrl=", StringComparison.OrdinalIgnoreCase);

    private static string LocationText(Answer answer) => answer.Location is null ? string.Empty : $" to {answer.Location}";

    /// <summary>True when the request names records (by route or by the partnership it asks about), so another partnership's must be refused.</summary>
    private static bool NamesRecords(MappedEndpoint endpoint, Expectation expectation, MatrixRecords records) =>
        endpoint.Pattern.Parameters.Any(p => RecordParameters.Contains(p.Name))
        || expectation.Query?.Invoke(records).Contains("partnershipId=", StringComparison.Ordinal) == true;

    /// <summary>True when the route names two records (a period and an item in it), which must belong together.</summary>
    private static bool NamesTwoRecords(MappedEndpoint endpoint) => endpoint.Pattern.Parameters.Count(p => RecordParameters.Contains(p.Name)) > 1;

    private static string OfThePartnership(MatrixRecords records) => $"partnershipId={MatrixRecords.Text(records.PartnershipId)}";

    private static string TheUnmatchedInitials(MatrixRecords records) => $"{OfThePartnership(records)}&matchKey={MatrixRecords.UnmatchedInitials}";

    private static IEnumerable<KeyValuePair<string, string>> TheLinkedItem(MatrixRecords records, Who who) =>
        [new("itemId", MatrixRecords.Text(records.LinkedItemIds[who])), new("returnTo", "measure")];

    private static IEnumerable<KeyValuePair<string, string>> TheUsersOwnToken(MatrixRecords records, Who who) =>
        [new("tokenId", records.RevocableTokenIds.TryGetValue(who, out var id) ? MatrixRecords.Text(id) : "0")];

    private static List<KeyValuePair<string, string>> FormFields(Expectation expectation, MatrixRecords records, Who who) =>
        [.. expectation.Form?.Invoke(records, who) ?? []];

    /// <summary>
    /// The endpoint's route with its parameters filled from the records, the handler and the query; the second and
    /// later record parameters come from <paramref name="laterRecords"/> when given, to mix two partnerships' records.
    /// </summary>
    private static string Url(MappedEndpoint endpoint, Expectation expectation, MatrixRecords records, string? download = null, MatrixRecords? laterRecords = null)
    {
        var path = new StringBuilder();
        var recordParameters = 0;
        foreach (var segment in endpoint.Pattern.PathSegments)
        {
            var text = new StringBuilder();
            foreach (var part in segment.Parts)
            {
                if (part is RoutePatternParameterPart parameter)
                {
                    var from = RecordParameters.Contains(parameter.Name) && recordParameters++ > 0 ? laterRecords ?? records : records;
                    text.Append(RouteValue(parameter, endpoint, expectation, from) is { } value ? Uri.EscapeDataString(value) : string.Empty);
                    continue;
                }

                text.Append(part switch
                {
                    RoutePatternLiteralPart literal => literal.Content,
                    RoutePatternSeparatorPart separator => separator.Content,
                    _ => throw new InvalidOperationException($"Unexpected route part in {endpoint.Key}"),
                });
            }

            if (text.Length > 0)
            {
                path.Append('/').Append(text);
            }
        }

        var query = new List<string>();
        if (endpoint.Handler is not null)
        {
            query.Add($"handler={endpoint.Handler}");
        }

        if (expectation.Query?.Invoke(records) is { } filled)
        {
            query.Add(filled);
        }

        if (download is not null)
        {
            query.Add(download);
        }

        var url = path.Length == 0 ? "/" : path.ToString();
        return query.Count == 0 ? url : $"{url}?{string.Join('&', query)}";
    }

    private static string? RouteValue(RoutePatternParameterPart parameter, MappedEndpoint endpoint, Expectation expectation, MatrixRecords records) => parameter.Name switch
    {
        "planId" => MatrixRecords.Text(records.PlanId),
        "itemId" => MatrixRecords.Text(records.ItemId),
        "periodId" => MatrixRecords.Text(expectation.ClosedPeriod ? records.ClosedPeriodId : records.OpenPeriodId),
        "sectionId" => MatrixRecords.Text(records.SectionId),
        "updateId" => MatrixRecords.Text(records.UpdateId),
        "kind" => "interim",
        "part" => "ratings",
        "code" => null,
        "path" => "no-such-thing",
        "id" => expectation.Id switch
        {
            IdNames.Plan => MatrixRecords.Text(records.PlanId),
            IdNames.Measure => MatrixRecords.Text(records.MeasureId),
            IdNames.Import => MatrixRecords.Text(records.ImportId),
            IdNames.Load => MatrixRecords.Text(records.LoadId),
            _ => throw new InvalidOperationException($"{endpoint.Key} takes an id: say which record it names in the table (Id = ...)."),
        },
        _ => throw new InvalidOperationException($"{endpoint.Key} has a route parameter {parameter.Name} that the matrix cannot fill: add it to {nameof(RouteValue)}."),
    };

    /// <summary>Every route, method and (for a page) handler the running app maps, from its endpoint data source.</summary>
    private async Task<List<MappedEndpoint>> MappedEndpointsAsync()
    {
        var source = factory.Services.GetRequiredService<EndpointDataSource>();
        var pages = factory.Services.GetRequiredService<PageLoader>();
        var found = new List<MappedEndpoint>();
        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + (endpoint.RoutePattern.RawText ?? throw new InvalidOperationException($"{endpoint.DisplayName} has no route text")).Trim('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = endpoint.Metadata.GetMetadata<CompiledPageActionDescriptor>() ?? await pages.LoadAsync(page, endpoint.Metadata);
                if (compiled.HandlerMethods.Count == 0)
                {
                    // A page without handlers (a page with no model) answers GET by rendering.
                    found.Add(new MappedEndpoint(route, "GET", null, endpoint.RoutePattern));
                }

                found.AddRange(compiled.HandlerMethods.Select(h => new MappedEndpoint(route, h.HttpMethod.ToUpperInvariant(), h.Name, endpoint.RoutePattern)));
            }
            else
            {
                var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                found.AddRange(methods.Select(m => new MappedEndpoint(route, m.ToUpperInvariant(), null, endpoint.RoutePattern)));
            }
        }

        return [.. found.DistinctBy(e => e.Key, StringComparer.OrdinalIgnoreCase).OrderBy(e => e.Key, StringComparer.Ordinal)];
    }

    /// <summary>Each mapped endpoint with its row of the table; fails naming any endpoint without a row, and any row without an endpoint.</summary>
    private static List<(MappedEndpoint Endpoint, Expectation Expectation)> Pair(List<MappedEndpoint> endpoints)
    {
        var duplicates = Table.GroupBy(e => e.Key, StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        if (duplicates.Count > 0)
        {
            Assert.Fail($"The authorisation table has more than one row for: {string.Join(", ", duplicates)}");
        }

        var rows = Table.ToDictionary(e => e.Key, StringComparer.OrdinalIgnoreCase);
        var missing = endpoints.Where(e => !rows.ContainsKey(e.Key)).Select(e => e.Key).ToList();
        if (missing.Count > 0)
        {
            Assert.Fail($"These endpoints have no expectation in {nameof(AuthorizationMatrixTests)}.{nameof(Table)}; add a row saying which roles may use each:\n{string.Join("\n", missing)}");
        }

        var mapped = endpoints.Select(e => e.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var stale = Table.Where(e => !mapped.Contains(e.Key)).Select(e => e.Key).ToList();
        if (stale.Count > 0)
        {
            Assert.Fail($"The authorisation table has rows for endpoints the app does not map:\n{string.Join("\n", stale)}");
        }

        return [.. endpoints.Select(e => (e, rows[e.Key]))];
    }

    private static Expectation Get(string route, Who allowed) => new(route, "GET", null, allowed);

    private static Expectation Post(string route, Who allowed, string? handler = null) => new(route, "POST", handler, allowed);

    private static Expectation Api(string route) => new(route, "GET", null, SignedIn) { IsApi = true };

    private static string Describe(string route, string method, string? handler) => handler is null ? $"{method} {route}" : $"{method} {route} (handler {handler})";

    /// <summary>One route and method the app maps; for a page, one of its handlers.</summary>
    private sealed record MappedEndpoint(string Route, string Method, string? Handler, RoutePattern Pattern)
    {
        public string Key => Describe(Route, Method, Handler);
    }

    /// <summary>Which roles may use one endpoint, and how to fill a request to it.</summary>
    private sealed record Expectation(string Route, string Method, string? Handler, Who Allowed)
    {
        public string Key => Describe(Route, Method, Handler);

        /// <summary>Sent with a personal API token rather than the sign-in cookie; someone without one gets 401.</summary>
        public bool IsApi { get; init; }

        /// <summary>What <c>{id}</c> names.</summary>
        public IdNames? Id { get; init; }

        /// <summary><c>{periodId}</c> names the closed period rather than the open one.</summary>
        public bool ClosedPeriod { get; init; }

        public Func<MatrixRecords, string>? Query { get; init; }

        /// <summary>Further queries (file formats) checked for every role like the endpoint itself.</summary>
        public IReadOnlyList<string> Downloads { get; init; } = [];

        /// <summary>What a GET answers those allowed; a post allowed is anything but 401, 403, 404 or a server error.</summary>
        public HttpStatusCode AllowedStatus { get; init; } = HttpStatusCode.OK;

        public Func<MatrixRecords, Who, IEnumerable<KeyValuePair<string, string>>>? Form { get; init; }

        /// <summary>Contributors may use it only for the items they lead and the measures they own.</summary>
        public bool ContributorOnlyForTheirOwnRecords { get; init; }

        /// <summary>Allowed posts sign the user out, so each goes from a session of its own.</summary>
        public bool EndsSession { get; init; }

        public string? TakesNoAntiforgeryTokenBecause { get; init; }
    }

    private sealed record Answer(string Url, HttpStatusCode Status, Uri? Location, string Body);

    private sealed class Tally
    {
        public int MatrixChecks { get; set; }

        public int OtherPartnershipChecks { get; set; }

        public int ContributorChecks { get; set; }

        public int MixedChecks { get; set; }

        public int DownloadChecks { get; set; }

        public int AntiforgeryChecks { get; set; }

        public int UnexpectedAllows { get; set; }

        public int ServerErrors { get; set; }

        public List<string> Failures { get; } = [];
    }

    /// <summary>A browser session (cookies and an antiforgery token) or an API client with a token, for one role.</summary>
    private sealed class Session(HttpClient http, string? antiforgeryToken) : IDisposable
    {
        public async Task<Answer> GetAsync(string url) => await SendAsync(HttpMethod.Get, url, null);

        public async Task<Answer> PostAsync(string url, List<KeyValuePair<string, string>> fields, bool withToken)
        {
            if (withToken)
            {
                fields.Add(new("__RequestVerificationToken", antiforgeryToken ?? throw new InvalidOperationException("An API client has no antiforgery token")));
            }

            return await SendAsync(HttpMethod.Post, url, fields);
        }

        private async Task<Answer> SendAsync(HttpMethod method, string url, List<KeyValuePair<string, string>>? fields)
        {
            using var request = new HttpRequestMessage(method, url);
            if (fields is not null)
            {
                request.Content = new FormUrlEncodedContent(fields);
            }

            using var response = await http.SendAsync(request);
            var type = response.Content.Headers.ContentType?.MediaType ?? string.Empty;
            var readable = type.StartsWith("text/", StringComparison.Ordinal) || type.Contains("json", StringComparison.Ordinal);
            return new Answer(url, response.StatusCode, response.Headers.Location, readable ? await response.Content.ReadAsStringAsync() : string.Empty);
        }

        public void Dispose() => http.Dispose();
    }

    /// <summary>A browser session and an API client for each role, signed in once for the whole matrix.</summary>
    private sealed class Sessions(AppFactory factory, MatrixRecords records) : IAsyncDisposable
    {
        private readonly Dictionary<Who, Session> _pages = [];
        private readonly Dictionary<Who, Session> _api = [];
        private readonly List<Session> _extra = [];

        public static async Task<Sessions> OpenAsync(AppFactory app, MatrixRecords records)
        {
            var sessions = new Sessions(app, records);
            foreach (var who in Roles)
            {
                sessions._pages[who] = await sessions.SignInAsync(who);
                var api = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
                if (records.ApiTokens.TryGetValue(who, out var token))
                {
                    api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                sessions._api[who] = new Session(api, null);
            }

            return sessions;
        }

        public Session Page(Who who) => _pages[who];

        public Task<Answer> GetAsync(Who who, bool api, string url) => (api ? _api[who] : _pages[who]).GetAsync(url);

        /// <summary>A session of its own, for a post that ends it.</summary>
        public async Task<Session> NewSessionAsync(Who who)
        {
            var session = await SignInAsync(who);
            _extra.Add(session);
            return session;
        }

        /// <summary>What a refused request must not change: how many of each kind of record there are, and their versions.</summary>
        public async Task<string> FingerprintAsync()
        {
            using var scope = factory.Services.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            long[] figures =
            [
                await db.AuditEntries.LongCountAsync(),
                await db.Plans.LongCountAsync(),
                await db.Plans.SumAsync(p => p.Version),
                await db.PlanTags.LongCountAsync(),
                await db.PlanItems.LongCountAsync(),
                await db.PlanItems.SumAsync(i => i.Version),
                await db.Ratings.LongCountAsync(),
                await db.DeadlineRevisions.LongCountAsync(),
                await db.ProgressNotes.LongCountAsync(),
                await db.ItemLinks.LongCountAsync(),
                await db.People.LongCountAsync(),
                await db.PersonNameVariants.LongCountAsync(),
                await db.ReportingPeriods.SumAsync(p => p.Version),
                await db.ItemUpdates.SumAsync(u => u.Version),
                await db.SectionReviews.LongCountAsync(),
                await db.EasyReadTexts.LongCountAsync(),
                await db.Measures.LongCountAsync(),
                await db.Measures.SumAsync(m => m.Version),
                await db.MeasureObservations.LongCountAsync(),
                await db.MeasureCommentaries.LongCountAsync(),
                await db.MeasureLinks.LongCountAsync(),
                await db.StatisticalNeighbours.LongCountAsync(),
                await db.MeasureLoads.SumAsync(l => l.Version),
                await db.ImportRecords.LongCountAsync(),
                await db.ImportRecords.SumAsync(r => r.Version),
                await db.ApiTokens.LongCountAsync(),
                await db.ApiTokens.LongCountAsync(t => t.RevokedAtUtc != null),
            ];
            return string.Join(',', figures);
        }

        public ValueTask DisposeAsync()
        {
            foreach (var session in _pages.Values.Concat(_api.Values).Concat(_extra))
            {
                session.Dispose();
            }

            return ValueTask.CompletedTask;
        }

        private async Task<Session> SignInAsync(Who who)
        {
            var client = new TestClient(factory);
            if (who != Who.Anonymous)
            {
                await client.SignInAsync(records.Email(who), TestWorld.Password);
            }

            // Any form the user is shown carries a token valid for all their posts: the sign-in form, or the sign-out form in the header.
            var (_, page) = await client.GetPageAsync(who == Who.Anonymous ? "/sign-in" : "/");
            var token = page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
                ?? throw new InvalidOperationException($"No antiforgery token for {who}");
            return new Session(client.Http, token);
        }
    }
}
