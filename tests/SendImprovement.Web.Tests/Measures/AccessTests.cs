using System.Net;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Measures.MeasureSteps;

namespace SendImprovement.Web.Tests.Measures;

/// <summary>Who may see and change measures: sign-in, other partnerships, and odd requests that must never fail.</summary>
[Collection(WebTestGroup.Name)]
public sealed class AccessTests(AppFactory factory)
{
    [Fact]
    public async Task Anonymous_IsSentToSignIn()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        using var anonymous = world.Anonymous();

        foreach (var url in new[] { "/measures", "/measures/library", "/measures/comparators", $"/measures/{id}", $"/measures/{id}/edit", $"/measures/{id}/figures/new", $"/items/{world.ActionId}/measures/new" })
        {
            var response = await anonymous.Http.GetAsync(url);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/sign-in", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AnotherPartnershipsMeasure_IsNotFound_ForReadingAndForEveryChange()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        await LinkAsync(world, id, world.OutcomeId);
        var other = await TestWorld.CreateAsync(factory);
        using var outsider = await other.SignInAsync(other.ProgrammeLead);

        foreach (var url in new[] { $"/measures/{id}", $"/measures/{id}/edit", $"/measures/{id}/figures/new", $"/measures/{id}/commentary/new", $"/measures/{id}/links/new", $"/items/{world.ActionId}/measures/new" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await outsider.Http.GetAsync(url)).StatusCode);
        }

        var posts = new (string Url, Dictionary<string, string> Fields)[]
        {
            ($"/measures/{id}/edit", new() { ["Input.Name"] = "Taken", ["Input.Version"] = "0" }),
            ($"/measures/{id}/figures/new", new() { ["Input.Period"] = "May 2026", ["Input.Value"] = "1" }),
            ($"/measures/{id}/commentary/new", new() { ["Input.CommentaryPeriod"] = "May 2026", ["Input.Commentary"] = "x" }),
            ($"/measures/{id}/links/new", new() { ["Input.PlanItemId"] = Id(other.OutcomeId) }),
            ($"/measures/{id}/unlink", new() { ["itemId"] = Id(world.OutcomeId) }),
            ($"/items/{other.OutcomeId}/measures/new", new() { ["Input.MeasureId"] = Id(id) }),
        };
        foreach (var (url, fields) in posts)
        {
            var status = (await outsider.PostFormAsync(url, fields, formPage: "/")).StatusCode;
            Assert.True(status is HttpStatusCode.NotFound or HttpStatusCode.OK, $"{url} gave {(int)status}");
        }

        var form = await TestClient.ParseAsync(await outsider.PostFormAsync($"/items/{other.OutcomeId}/measures/new", new() { ["Input.MeasureId"] = Id(id) }, formPage: "/"));
        Assert.Equal(["Select a measure from the list"], TestClient.Errors(form));
        Assert.Equal(1, await world.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.MeasureLinks, l => l.MeasureId == id)));
        Assert.Equal("New EHC plans within 20 weeks", await world.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Measures.Where(m => m.Id == id).Select(m => m.Name))));

        // Their own dashboard and library do not show it.
        Assert.DoesNotContain("New EHC plans within 20 weeks", TestClient.Text((await outsider.GetPageAsync("/measures/library")).Page), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetPageAsync($"/measures/library?partnershipId={world.PartnershipId}")).Status);
    }

    [Fact]
    public async Task AnAdministrator_SeesAnyPartnershipsMeasures()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        using var admin = await world.SignInAsync(world.Administrator);

        Assert.Equal(HttpStatusCode.OK, (await admin.GetPageAsync($"/measures/{id}")).Status);
        var (status, library) = await admin.GetPageAsync($"/measures/library?partnershipId={world.PartnershipId}");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(library.QuerySelector($"main a[href='/measures/{id}']"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetPageAsync($"/measures?plan={world.PlanId}")).Status);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetPageAsync("/measures")).Status);
    }

    [Fact]
    public async Task OddRequests_AreNotFoundOrIgnored_NeverAnError()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var notFound = new[]
        {
            "/measures/0", "/measures/2147483647", "/measures/-1", "/measures/abc", "/measures/99999999999",
            "/measures/0/edit", "/measures/0/figures/new", "/measures/0/commentary/new", "/measures/0/links/new", "/items/0/measures/new",
            $"/measures/{id}/unlink",
            "/measures/library?partnershipId=99999999",
        };
        foreach (var url in notFound)
        {
            Assert.True(HttpStatusCode.NotFound == (await lead.Http.GetAsync(url)).StatusCode, url);
        }

        var fine = new[]
        {
            "/measures?status=banana", "/measures?plan=banana&owner=x&theme=%00", "/measures?partnershipId=banana",
            "/measures/comparators?partnershipId=banana", $"/measures/{id}?partnershipId=1",

            // A GET naming a handler a page does not have is the page itself, as elsewhere in the product.
            "/measures?handler=nonsense", $"/measures/{id}?handler=nonsense", $"/measures/{id}/edit?handler=x", "/measures/library?handler=x",
            "/measures/starters?handler=x", "/measures/comparators?handler=x", "/measures/new?handler=x",
        };
        foreach (var url in fine)
        {
            var status = (await lead.Http.GetAsync(url)).StatusCode;
            Assert.True(status == HttpStatusCode.OK, $"{url} gave {(int)status}");
        }

        // Posts with odd values or to unknown handlers.
        var posts = new (string Url, Dictionary<string, string> Fields, HttpStatusCode Expected)[]
        {
            ($"/measures/{id}?handler=unlink", new() { ["itemId"] = "1" }, HttpStatusCode.NotFound),
            ($"/measures/{id}/unlink", new() { ["itemId"] = "banana" }, HttpStatusCode.NotFound),
            ($"/measures/{id}/edit", new() { ["Input.Version"] = "banana", ["Input.Unit"] = "Furlongs", ["Input.AreaIds"] = "x", ["Input.OwnerId"] = "someone" }, HttpStatusCode.OK),
            ($"/measures/{id}/figures/new", new() { ["Input.Period"] = new string('9', 500), ["Input.Value"] = "1e400" }, HttpStatusCode.OK),
            ($"/measures/{id}/commentary/new", new() { ["Input.CommentaryPeriod"] = "2026-13", ["Input.Commentary"] = new string('x', 5000), ["Input.Assessment"] = "1" }, HttpStatusCode.OK),
            ("/measures/comparators", new() { ["Input.Councils[abc]"] = "E06000001" }, HttpStatusCode.Redirect),
            ("/measures/comparators", new() { ["Input.Neighbours"] = "E06000001 One\u0001" }, HttpStatusCode.Redirect),
            ("/measures/new", new() { ["Input.Name"] = "A", ["Input.Unit"] = "99", ["Input.TargetKind"] = "-1", ["Input.Frequency"] = "Month", ["Input.Direction"] = "HigherIsBetter", ["Input.DefinitionStatus"] = "Agreed" }, HttpStatusCode.OK),
        };
        foreach (var (url, fields, expected) in posts)
        {
            var response = await lead.PostFormAsync(url, fields, formPage: $"/measures/{id}/edit");
            Assert.True(expected == response.StatusCode, $"{url} gave {(int)response.StatusCode}");
        }

        var (_, edit) = await lead.PostAndReadAsync($"/measures/{id}/edit", new() { ["Input.Name"] = "x", ["Input.Unit"] = "Furlongs", ["Input.OwnerId"] = "someone", ["Input.Version"] = "0" });
        Assert.Contains("Select the unit", TestClient.Errors(edit));
        Assert.Contains("Select the owner from the list of the partnership's people", TestClient.Errors(edit));
    }
}
