using System.Net;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Web.Tests.Infrastructure;

namespace SendImprovement.Web.Tests.Items;

/// <summary>Adding and editing workstreams, outcomes, actions and milestones, and linking items.</summary>
[Collection(WebTestGroup.Name)]
public sealed class StructureFormTests(AppFactory factory)
{
    [Fact]
    public async Task Create_Milestone_UnderAnAction_WithADeadlineAsTyped()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var response = await client.PostFormAsync($"/plans/{world.PlanId}/items/new?parentId={world.ActionId}", new() { ["Input.Title"] = "Interview panel", ["Input.Deadline"] = "Sept 26" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var item = await world.QueryAsync(db => db.PlanItems.SingleAsync(i => i.ParentId == world.ActionId && i.Title == "Interview panel"));
        Assert.Equal(3, item.Depth);
        Assert.Equal("Sept 26", item.Deadline.Text);
        Assert.Equal(new DateOnly(2026, 9, 30), item.Deadline.DueBy);
    }

    [Fact]
    public async Task Create_Workstream_ShowsTheKindsFields_AndSavesThem()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);
        var (_, form) = await client.GetPageAsync($"/plans/{world.PlanId}/items/new");

        Assert.Equal("Add a workstream", form.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull(form.QuerySelector("textarea[name='Input.Fields[weakness]']"));
        Assert.NotNull(form.QuerySelector("input[name='Input.Sponsor']"));

        var response = await client.PostFormAsync($"/plans/{world.PlanId}/items/new", new List<KeyValuePair<string, string>>
        {
            new("Input.Title", "Workstream 2: Co-production"),
            new("Input.Sponsor", "OO"),
            new("Input.AreaIds", world.NorthAreaId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.AreaIds", world.SouthAreaId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new("Input.Fields[weakness]", "Parents do not feel listened to."),
            new("Input.Fields[delivery-partners]", "Parent carer forum\nx 2 tbc"),
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var id = int.Parse(response.Headers.Location!.ToString().Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var (_, page) = await client.GetPageAsync($"/items/{id}");
        var text = TestClient.Text(page);
        Assert.Contains("Senior accountable sponsor Olga Other", text, StringComparison.Ordinal);
        Assert.Contains("North Area, South Area (all areas)", text, StringComparison.Ordinal);
        Assert.Contains("Parents do not feel listened to.", text, StringComparison.Ordinal);
        Assert.Equal(["Parent carer forum", "x 2 tbc"], page.QuerySelectorAll("dd ul.govuk-list--bullet li").Select(li => li.TextContent.Trim()).ToList());
    }

    [Fact]
    public async Task Create_Invalid_ShowsMessagesForEachField()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await client.PostAndReadAsync($"/plans/{world.PlanId}/items/new?parentId={world.OutcomeId}", new()
        {
            ["Input.Ref"] = "1.1(a)",
            ["Input.Title"] = "",
            ["Input.Deadline"] = "31/02/2026",
            ["Input.Leads"] = new string('X', 400),
        });

        Assert.Equal(HttpStatusCode.OK, status);
        var errors = TestClient.Errors(page);
        Assert.Contains("The reference 1.1(a) is already used by another action in this plan: “Recruit coordinators”", errors);
        Assert.Contains("Enter what we are going to do", errors);
        Assert.Contains("Deadline: “31/02/2026” is not a real date: February 2026 has 28 days.", errors);
        Assert.Contains("The leads must be 300 characters or fewer", errors);
        Assert.Equal("31/02/2026", page.QuerySelector("#Input_Deadline")!.GetAttribute("value"));
    }

    [Fact]
    public async Task Create_UnderAMilestone_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetPageAsync($"/plans/{world.PlanId}/items/new?parentId={world.MilestoneId}")).Status);
    }

    [Fact]
    public async Task Create_ParentFromAnotherPlan_IsNotFound()
    {
        var world = await TestWorld.CreateAsync(factory);
        var other = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var response = await client.PostFormAsync($"/plans/{world.PlanId}/items/new?parentId={other.ActionId}", new() { ["Input.Title"] = "x" }, formPage: $"/plans/{world.PlanId}/items/new");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Edit_ChangesDetails_ButNotTheDeadline_AndRecordsTheReason()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);
        var (_, form) = await client.GetPageAsync($"/items/{world.ActionId}/edit");
        Assert.Null(form.QuerySelector("input[name='Input.Deadline']"));
        Assert.Equal("TL", form.QuerySelector("#Input_Leads")!.GetAttribute("value"));

        var response = await client.PostFormAsync($"/items/{world.ActionId}/edit", new()
        {
            ["Input.Ref"] = "1.1a",
            ["Input.Title"] = "Recruit four coordinators",
            ["Input.Leads"] = "TL OO",
            ["Input.Resource"] = "ExistingResource",
            ["Input.Version"] = "1",
            ["Input.Reason"] = "Scope agreed at the board",
            ["Input.Deadline"] = "Jan 2030",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var item = await world.QueryAsync(db => db.PlanItems.Include(i => i.Assignments).SingleAsync(i => i.Id == world.ActionId));
        Assert.Equal("Recruit four coordinators", item.Title);
        Assert.Equal("May 2026", item.Deadline.Text);
        Assert.Equal([world.LeadPersonId, world.OtherPersonId], item.Assignments.OrderBy(a => a.Position).Select(a => a.PersonId!.Value));
        Assert.Equal(SendImprovement.Core.Plans.ResourceNeed.ExistingResource, item.Resource);
        Assert.Equal("Scope agreed at the board", await world.QueryAsync(db => db.AuditEntries.Where(a => a.PlanItemId == world.ActionId && a.Action == "Action edited").Select(a => a.Reason).SingleAsync()));
    }

    [Fact]
    public async Task AddLink_ByRef_ShowsOnBothItems()
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var response = await client.PostFormAsync($"/items/{world.OtherActionId}/links/new", new() { ["Input.PlanId"] = world.PlanId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Ref"] = "1.1(a)", ["Input.Note"] = "Needs the coordinators" });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var target = (await client.GetPageAsync($"/items/{world.ActionId}")).Page;
        Assert.Contains("Linked from Testshire WSoA: 1.1b Weekly tracker: Needs the coordinators", TestClient.Text(target), StringComparison.Ordinal);
        Assert.Contains("Link added", target.QuerySelector("#audit + details")!.TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("9.9z", "No item in Testshire WSoA has the reference 9.9z")]
    [InlineData("1.1b", "An item cannot be linked to itself")]
    [InlineData("", "Enter the reference of the item to link to, for example 1.1c")]
    [InlineData("()", "Enter the reference of the item to link to, for example 1.1c")]
    public async Task AddLink_Invalid_SaysWhy(string reference, string message)
    {
        var world = await TestWorld.CreateAsync(factory);
        using var client = await world.SignInAsync(world.ProgrammeLead);

        var (status, page) = await client.PostAndReadAsync($"/items/{world.OtherActionId}/links/new", new() { ["Input.PlanId"] = world.PlanId.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Input.Ref"] = reference });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([message], TestClient.Errors(page));
    }
}
