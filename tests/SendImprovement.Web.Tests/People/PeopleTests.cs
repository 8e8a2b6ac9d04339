using System.Net;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.People;

[Collection(WebTestGroup.Name)]
public sealed class PeopleTests(AppFactory factory)
{
    [Fact]
    public async Task Index_ListsPeopleAndUnmatchedInitials()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.Viewer);

        var (status, page) = await client.GetPageAsync("/people");
        var text = TestClient.Text(page);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("Terry Lead", text, StringComparison.Ordinal);
        Assert.Contains("JD 1 Testshire WSoA", text, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("a[href*='/people/initials']"));
    }

    [Fact]
    public async Task MapInitials_ToAnExistingPerson_AssignsTheLead()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var response = await client.PostFormAsync("/people/initials?matchKey=JD", new() { ["Input.PersonId"] = world.LeadPersonId.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(world.LeadPersonId, await world.QueryAsync(db => db.PlanItemAssignments.Where(a => a.PlanItemId == world.OtherActionId && a.RawText == "JD").Select(a => a.PersonId).SingleAsync()));
        Assert.DoesNotContain("(unassigned)", TestClient.Text((await client.GetPageAsync($"/plans/{world.PlanId}")).Page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MapInitials_ToSomeoneNew_AddsThePersonThenMatches()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var choose = await client.PostFormAsync("/people/initials?matchKey=JD", new() { ["Input.PersonId"] = "new" });
        Assert.Equal(HttpStatusCode.Redirect, choose.StatusCode);
        var next = choose.Headers.Location!.ToString();
        var (_, form) = await client.GetPageAsync(next);
        Assert.Equal("JD", form.QuerySelector("#Input_Initials")!.GetAttribute("value"));

        var added = await client.PostFormAsync(next, new() { ["Input.Name"] = "Jo Dunn", ["Input.Initials"] = "JD", ["Input.JobTitle"] = "Commissioner" });

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal("Jo Dunn", await world.QueryAsync(db => db.PlanItemAssignments.Where(a => a.PlanItemId == world.OtherActionId && a.RawText == "JD").Select(a => a.Person!.Name).SingleAsync()));
    }

    [Fact]
    public async Task MapInitials_WithoutChoosing_SaysWhatToDo()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await client.PostAndReadAsync("/people/initials?matchKey=JD", new());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["Select the person these initials stand for"], TestClient.Errors(page));
    }

    [Fact]
    public async Task MapInitials_AValueThatWasNotOffered_IsRefused_AndNothingIsSaved()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await client.PostAndReadAsync("/people/initials?matchKey=JD", new() { ["Input.PersonId"] = "0" + world.LeadPersonId.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["Select the person these initials stand for"], TestClient.Errors(page));
        Assert.Null(await world.QueryAsync(db => db.PlanItemAssignments.Where(a => a.RawText == "JD" && a.PlanItem.PlanId == world.PlanId).Select(a => a.PersonId).SingleAsync()));
    }

    [Fact]
    public async Task MapInitials_IsRecordedOnTheItemsItChanged()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        await client.PostFormAsync("/people/initials?matchKey=JD", new() { ["Input.PersonId"] = world.LeadPersonId.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        var page = (await client.GetPageAsync($"/items/{world.OtherActionId}")).Page;
        Assert.Contains("Initials matched to a person", page.QuerySelector("#audit + details")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddPerson_ForInitialsNoLongerWaiting_IsNotFound_AndAddsNobody()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var response = await client.PostFormAsync("/people/new?matchKey=ZZ", new() { ["Input.Name"] = "Zed Zee" }, formPage: "/people/new");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.False(await world.QueryAsync(db => db.People.AnyAsync(p => p.Name == "Zed Zee")));
    }

    [Fact]
    public async Task MapInitials_UnknownInitials_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetPageAsync("/people/initials?matchKey=ZZ")).Status);
    }

    [Fact]
    public async Task AddPerson_Invalid_ShowsMessages()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var (_, page) = await client.PostAndReadAsync("/people/new", new() { ["Input.Name"] = "", ["Input.Email"] = "not-an-email", ["Input.OrganisationId"] = "abc" });

        Assert.Equal(["Select an organisation from the list"], TestClient.Errors(page));

        var (_, second) = await client.PostAndReadAsync("/people/new", new() { ["Input.Name"] = "", ["Input.Email"] = "not-an-email" });
        Assert.Equal(["Enter the person's full name", "Enter an email address in the correct format, like name@example.gov.uk"], TestClient.Errors(second));
    }

    [Theory]
    [InlineData("/people/new")]
    [InlineData("/people/initials?matchKey=JD")]
    public async Task PeopleForms_ForbiddenForContributorsAndViewers(string url)
    {
        var world = await TestWorld.CreateAsync(factory);
        foreach (var who in new[] { world.Contributor, world.Viewer })
        {
            using var client = await world.SignInAsync(who);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.Http.GetAsync(url)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostFormAsync(url, new() { ["Input.Name"] = "x", ["Input.PersonId"] = "1" }, formPage: "/")).StatusCode);
        }
    }
}
