using System.Net;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Web.Tests.Infrastructure;
using static SendImprovement.Web.Tests.Measures.MeasureSteps;

namespace SendImprovement.Web.Tests.Measures;

/// <summary>Linking measures and plan items, from the measure's page and from the item's, and the item page's measures.</summary>
[Collection(WebTestGroup.Name)]
public sealed class LinkTests(AppFactory factory)
{
    [Fact]
    public async Task LinkFromTheMeasure_OffersEveryItemByPlan_AndShowsTheLinkOnBothPages()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (_, form) = await lead.GetPageAsync($"/measures/{id}/links/new");
        var group = form.QuerySelector("#Input_PlanItemId optgroup")!;
        Assert.Equal("Testshire WSoA", group.GetAttribute("label"));
        Assert.Equal(
            ["Workstream: Workstream 1: Timeliness", "Outcome 1.1: Families get plans on time", "Action 1.1a: Recruit coordinators", "Milestone: Agree funding", "Action 1.1b: Weekly tracker"],
            group.QuerySelectorAll("option").Select(o => o.TextContent.Trim()));

        var response = await lead.PostFormAsync($"/measures/{id}/links/new", new() { ["Input.PlanItemId"] = Id(world.OutcomeId) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, page) = await lead.GetPageAsync($"/measures/{id}");
        Assert.Contains("Linked to Outcome 1.1: Families get plans on time.", TestClient.Text(page), StringComparison.Ordinal);
        Assert.Equal($"/items/{world.OutcomeId}", page.QuerySelector("#links-table tbody a")!.GetAttribute("href"));
        Assert.Equal("Unlink Outcome 1.1", page.QuerySelector("#links-table button")!.TextContent.Trim());

        var (_, item) = await lead.GetPageAsync($"/items/{world.OutcomeId}");
        var row = item.QuerySelector("#measures-table tbody tr")!;
        Assert.Equal($"/measures/{id}", row.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("75% by December 2026", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Not assessed", row.QuerySelector(".govuk-tag")!.TextContent, StringComparison.Ordinal);

        // Already linked: not offered again, and refused if forged.
        var (_, again) = await lead.GetPageAsync($"/measures/{id}/links/new");
        Assert.Null(again.QuerySelector($"#Input_PlanItemId option[value='{world.OutcomeId}']"));
        var (_, refused) = await lead.PostAndReadAsync($"/measures/{id}/links/new", new() { ["Input.PlanItemId"] = Id(world.OutcomeId) });
        Assert.Equal(["Select a plan item from the list"], TestClient.Errors(refused));
    }

    [Fact]
    public async Task LinkFromTheMeasure_NothingChosen_SaysSo()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await lead.PostAndReadAsync($"/measures/{id}/links/new", new() { ["Input.PlanItemId"] = "" });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["Select the plan item this measure evidences"], TestClient.Errors(page));
        Assert.NotNull(page.QuerySelector("#Input_PlanItemId-error"));
    }

    [Fact]
    public async Task LinkFromTheItem_ShowsOnTheItemAndTheMeasure_ThenUnlinkFromTheItem()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        await RecordAsync(world, id, "May 2026", "70");
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (_, before) = await lead.GetPageAsync($"/items/{world.ActionId}");
        Assert.Contains("No measures are linked to this action yet.", TestClient.Text(before), StringComparison.Ordinal);
        Assert.NotNull(before.QuerySelector($"a[href='/items/{world.ActionId}/measures/new']"));

        var (_, form) = await lead.GetPageAsync($"/items/{world.ActionId}/measures/new");
        Assert.Equal(["Select a measure", "New EHC plans within 20 weeks"], form.QuerySelectorAll("#Input_MeasureId option").Select(o => o.TextContent.Trim()));
        var response = await lead.PostFormAsync($"/items/{world.ActionId}/measures/new", new() { ["Input.MeasureId"] = Id(id) });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/items/{world.ActionId}", response.Headers.Location!.ToString());

        var (_, item) = await lead.GetPageAsync($"/items/{world.ActionId}");
        var cells = item.QuerySelectorAll("#measures-table tbody tr td").Select(c => TestClient.Text(new AngleSharp.Html.Parser.HtmlParser().ParseDocument($"<main>{c.InnerHtml}</main>"))).ToList();
        Assert.Equal("New EHC plans within 20 weeks", cells[0]);
        Assert.Equal("70% May 2026", cells[1]);
        Assert.Equal("75% by December 2026", cells[2]);
        Assert.Equal("On track 70% in May 2026 against a trajectory of 65% for that date and a target of 75% by December 2026: on track", cells[3]);
        var (_, measure) = await lead.GetPageAsync($"/measures/{id}");
        Assert.Contains("Action 1.1a: Recruit coordinators", measure.QuerySelector("#links-table")!.TextContent, StringComparison.Ordinal);

        var unlink = await lead.PostFormAsync($"/measures/{id}/unlink", new() { ["itemId"] = Id(world.ActionId), ["returnTo"] = "item" }, formPage: $"/items/{world.ActionId}");
        Assert.Equal(HttpStatusCode.Redirect, unlink.StatusCode);
        Assert.Equal($"/items/{world.ActionId}", unlink.Headers.Location!.ToString());
        var (_, after) = await lead.GetPageAsync($"/items/{world.ActionId}");
        Assert.Contains("New EHC plans within 20 weeks is no longer linked to Action 1.1a: Recruit coordinators.", TestClient.Text(after), StringComparison.Ordinal);
        Assert.Null(after.QuerySelector("#measures-table"));
    }

    [Fact]
    public async Task UnlinkFromTheMeasure_RemovesTheLink_AndGoesBackToTheMeasure()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        await LinkAsync(world, id, world.OutcomeId);
        using var lead = await world.SignInAsync(world.ProgrammeLead);

        var (_, page) = await lead.GetPageAsync($"/measures/{id}");
        var form = page.QuerySelector("#links-table form")!;
        Assert.Equal($"/measures/{id}/unlink", form.GetAttribute("action"));
        var response = await lead.PostFormAsync($"/measures/{id}/unlink", new() { ["itemId"] = form.QuerySelector("input[name=itemId]")!.GetAttribute("value")! }, formPage: $"/measures/{id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/measures/{id}", response.Headers.Location!.ToString());
        Assert.False(await world.QueryAsync(db => db.MeasureLinks.AnyAsync(l => l.MeasureId == id)));
        Assert.Contains("Not linked to any plan item yet.", TestClient.Text((await lead.GetPageAsync($"/measures/{id}")).Page), StringComparison.Ordinal);

        // Unlinking again finds nothing to unlink; a GET is not answered.
        Assert.Equal(HttpStatusCode.NotFound, (await lead.PostFormAsync($"/measures/{id}/unlink", new() { ["itemId"] = Id(world.OutcomeId) }, formPage: $"/measures/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await lead.Http.GetAsync($"/measures/{id}/unlink")).StatusCode);
    }

    [Fact]
    public async Task ViewersAndContributors_SeeTheLinks_ButCannotLinkOrUnlink()
    {
        var world = await TestWorld.CreateAsync(factory);
        var id = await CreateAsync(world, Timeliness(world));
        await LinkAsync(world, id, world.ActionId);
        foreach (var who in new[] { world.Contributor, world.Viewer })
        {
            using var client = await world.SignInAsync(who);
            var (_, item) = await client.GetPageAsync($"/items/{world.ActionId}");
            Assert.NotNull(item.QuerySelector($"#measures-table a[href='/measures/{id}']"));
            Assert.Null(item.QuerySelector("#measures-table form"));
            Assert.Null(item.QuerySelector($"a[href='/items/{world.ActionId}/measures/new']"));
            var (_, measure) = await client.GetPageAsync($"/measures/{id}");
            Assert.Null(measure.QuerySelector("#links-table form"));
            Assert.Null(measure.QuerySelector($"a[href='/measures/{id}/links/new']"));

            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/measures/{id}/links/new")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync($"/items/{world.ActionId}/measures/new")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync($"/measures/{id}/links/new", new() { ["Input.PlanItemId"] = Id(world.OutcomeId) }, formPage: "/")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync($"/items/{world.OutcomeId}/measures/new", new() { ["Input.MeasureId"] = Id(id) }, formPage: "/")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync($"/measures/{id}/unlink", new() { ["itemId"] = Id(world.ActionId) }, formPage: "/")).StatusCode);
        }

        Assert.Equal([world.ActionId], await world.QueryAsync(db => db.MeasureLinks.Where(l => l.MeasureId == id).Select(l => l.PlanItemId).ToListAsync()));
    }
}
