using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SendImprovement.Core.Data;
using SendImprovement.Core.Plans;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Items;

/// <summary>
/// A form about one item. Loading checks, for every handler, that the item exists for this user (404 otherwise)
/// and that they may make this kind of change to it (403 otherwise).
/// </summary>
public abstract class ItemFormPageModel(AppDbContext db, PlanAccess access) : PageModel, IVersionedForm
{
    public ItemContext Context { get; private set; } = null!;

    public int CurrentVersion => Context.Item.Version;

    protected AppDbContext Db => db;

    /// <summary>True when the change needs a programme lead; otherwise leads may make it to items they lead.</summary>
    protected abstract bool NeedsManage { get; }

    public async Task ReloadAfterConflictAsync() =>
        Context = await ItemContext.LoadAsync(db, access, User.ToActor(), Context.Item.Id) ?? Context;

    protected async Task<IActionResult?> LoadAsync(int itemId)
    {
        var context = await ItemContext.LoadAsync(db, access, User.ToActor(), itemId);
        if (context is null)
        {
            return NotFound();
        }

        if (NeedsManage ? !context.CanManage : !context.CanUpdate)
        {
            return Forbid();
        }

        Context = context;
        return null;
    }

    /// <summary>Post-redirect-get back to the item with a success banner.</summary>
    protected IActionResult BackToItem(string message)
    {
        TempData["Success"] = message;
        return Redirect($"/items/{Context.Item.Id}");
    }

    /// <summary>Reads a GOV.UK date input, adding its error to the form.</summary>
    protected DateOnly? ReadDate(DateParts parts, string key, string label) => parts.Read(label, ModelState, key);
}
