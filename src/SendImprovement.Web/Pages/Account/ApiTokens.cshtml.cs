using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SendImprovement.Core.ApiTokens;
using SendImprovement.Core.Data;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Account;

/// <summary>A user's personal tokens for the read API: create (shown once), see when each was last used, revoke.</summary>
[Authorize(Policy = Policies.ReadPlans)]
public sealed class ApiTokensModel(AppDbContext db, ApiTokenService tokens) : PageModel
{
    [BindProperty]
    public TokenInput Input { get; set; } = new();

    public IReadOnlyList<ApiToken> Tokens { get; private set; } = [];

    /// <summary>A token just created, shown once.</summary>
    public string? NewToken { get; private set; }

    public async Task OnGetAsync()
    {
        NewToken = TempData["NewToken"] as string;
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostCreateAsync()
    {
        await LoadAsync();
        var actor = User.ToActor();
        var created = await tokens.CreateAsync(actor, actor.UserId!, Input.Name);
        TempData["NewToken"] = created.Token;
        TempData["Success"] = $"Token created: {created.Record.Name}. Copy it now: it will not be shown again.";
        return Redirect("/account/api-tokens");
    }

    public async Task<IActionResult> OnPostRevokeAsync(int tokenId)
    {
        await LoadAsync();
        await tokens.RevokeAsync(User.ToActor(), tokenId);
        TempData["Success"] = "Token revoked. It can no longer be used.";
        return Redirect("/account/api-tokens");
    }

    private async Task LoadAsync()
    {
        var userId = User.ToActor().UserId;
        Tokens = await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.Id).ToListAsync();
    }

    public sealed class TokenInput
    {
        public string? Name { get; set; }
    }
}
