using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SendImprovement.Web.Infrastructure.Forms;
using SendImprovement.Web.Infrastructure.Security;

namespace SendImprovement.Web.Pages.Measures.Loads;

/// <summary>How to lay out a file of figures: the simple layout, the periods it reads, the DfE's layout and its symbols.</summary>
[Authorize(Policy = Policies.ReadPlans)]
[RequireHandler]
public sealed class LayoutsModel : PageModel
{
    public void OnGet()
    {
    }
}
