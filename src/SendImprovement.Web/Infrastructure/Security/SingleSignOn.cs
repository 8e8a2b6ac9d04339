using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using SendImprovement.Core.Users;

namespace SendImprovement.Web.Infrastructure.Security;

/// <summary>
/// Single sign-on with an OpenID Connect provider such as Microsoft Entra ID (settings "SignIn:OpenIdConnect").
/// Switched on when Authority and ClientId are set; local accounts keep working alongside.
/// </summary>
public sealed class SingleSignOnOptions
{
    public const string Section = "SignIn:OpenIdConnect";

    /// <summary>The authentication scheme's name, and the login provider stored with each linked account.</summary>
    public const string Scheme = "oidc";

    /// <summary>The provider's issuer address, such as https://login.microsoftonline.com/{tenant-id}/v2.0.</summary>
    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    public string? ClientSecret { get; set; }

    /// <summary>The name on the button: "Sign in with {DisplayName}".</summary>
    public string DisplayName { get; set; } = "single sign-on";

    /// <summary>The claim in the ID token that carries the person's groups or app roles ("groups" or "roles" for Entra ID).</summary>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Only for a provider on the same machine in development or tests; real providers are always HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Which group gives which role in which partnership. The first mapping that matches one of the person's groups wins.</summary>
    public List<SingleSignOnMapping> Mappings { get; set; } = [];

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority) && !string.IsNullOrWhiteSpace(ClientId);

    /// <summary>The role and partnership for someone in these groups, or none if no mapping matches.</summary>
    public ExternalAccess? AccessFor(IEnumerable<string> groups)
    {
        var held = groups.ToHashSet(StringComparer.Ordinal);
        var mapping = Mappings.FirstOrDefault(m => m.Group is not null && held.Contains(m.Group));
        return mapping is null ? null : new ExternalAccess(Roles.Parse(mapping.Role)!, mapping.Partnership);
    }

    /// <summary>The provider's origin, which the sign-in page's form must be allowed to redirect to.</summary>
    public string AuthorityOrigin => new Uri(Authority!).GetLeftPart(UriPartial.Authority);

    /// <summary>Fills in the defaults for settings left empty and refuses to start with settings that cannot work.</summary>
    public void Validate()
    {
        DisplayName = string.IsNullOrWhiteSpace(DisplayName) ? "single sign-on" : DisplayName.Trim();
        GroupsClaim = string.IsNullOrWhiteSpace(GroupsClaim) ? "groups" : GroupsClaim.Trim();
        if (!Enabled)
        {
            return;
        }

        if (!Uri.TryCreate(Authority, UriKind.Absolute, out var authority) || (RequireHttpsMetadata && authority.Scheme != Uri.UriSchemeHttps))
        {
            throw new InvalidOperationException($"{Section}:Authority must be the provider's https:// address.");
        }

        if (Mappings.Count == 0)
        {
            throw new InvalidOperationException($"{Section}:Mappings must map at least one group to a role, or nobody could sign in.");
        }

        foreach (var (mapping, index) in Mappings.Select((m, i) => (m, i)))
        {
            var where = $"{Section}:Mappings:{index}";
            if (string.IsNullOrWhiteSpace(mapping.Group))
            {
                throw new InvalidOperationException($"{where}:Group is missing.");
            }

            var role = Roles.Parse(mapping.Role)
                ?? throw new InvalidOperationException($"{where}:Role must be one of {string.Join(", ", Roles.All)}.");
            if (role != Roles.Administrator && string.IsNullOrWhiteSpace(mapping.Partnership))
            {
                throw new InvalidOperationException($"{where}:Partnership is needed for every role except Administrator.");
            }
        }
    }
}

/// <summary>One group (a claim value) and the role and partnership it gives.</summary>
public sealed class SingleSignOnMapping
{
    public string? Group { get; set; }

    public string? Role { get; set; }

    /// <summary>The partnership's name as it appears in the product; empty for administrators.</summary>
    public string? Partnership { get; set; }
}

public static class SingleSignOn
{
    /// <summary>Where the provider sends people back to; register it at the provider as https://your-site/signin-oidc.</summary>
    public const string CallbackPath = "/signin-oidc";

    /// <summary>The page that links the provider's sign-in to an account here.</summary>
    public const string CompletePath = "/sign-in/single-sign-on";

    /// <summary>Adds the OpenID Connect scheme when "SignIn:OpenIdConnect" is configured; otherwise does nothing.</summary>
    public static AuthenticationBuilder AddSingleSignOn(this AuthenticationBuilder authentication, IConfiguration configuration, IWebHostEnvironment environment)
    {
        var settings = configuration.GetSection(SingleSignOnOptions.Section).Get<SingleSignOnOptions>() ?? new SingleSignOnOptions();
        settings.Validate();
        authentication.Services.AddSingleton(settings);
        if (!settings.Enabled)
        {
            return authentication;
        }

        var cookieSecurity = environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        return authentication.AddOpenIdConnect(SingleSignOnOptions.Scheme, settings.DisplayName, options =>
        {
            options.Authority = settings.Authority;
            options.ClientId = settings.ClientId;
            options.ClientSecret = settings.ClientSecret;
            options.RequireHttpsMetadata = settings.RequireHttpsMetadata;
            options.CallbackPath = CallbackPath;

            // Authorization code flow with PKCE; the code comes back in the query string, so the correlation and
            // nonce cookies can be SameSite=Lax and work over plain HTTP in development as well.
            options.ResponseType = OpenIdConnectResponseType.Code;
            options.ResponseMode = OpenIdConnectResponseMode.Query;
            options.UsePkce = true;
            options.CorrelationCookie.SameSite = SameSiteMode.Lax;
            options.CorrelationCookie.SecurePolicy = cookieSecurity;
            options.NonceCookie.SameSite = SameSiteMode.Lax;
            options.NonceCookie.SecurePolicy = cookieSecurity;

            options.Scope.Clear();
            options.Scope.Add("openid");
            options.Scope.Add("profile");
            options.Scope.Add("email");

            // Keep the token's own claim names ("sub", "groups", "roles") rather than the long Microsoft ones.
            options.MapInboundClaims = false;
            options.SaveTokens = false;
            options.GetClaimsFromUserInfoEndpoint = false;

            // The provider's sign-in is held only briefly in Identity's external cookie until the completion page
            // links it to an account here and issues the product's own cookie.
            options.SignInScheme = IdentityConstants.ExternalScheme;

            // A failed or forged callback (bad state, wrong issuer, refused code) is shown as a refusal, not a 500.
            options.Events.OnRemoteFailure = context =>
            {
                context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SingleSignOn))
                    .LogWarning("Single sign-on failed: {Reason}", context.Failure?.Message);
                context.Response.Redirect(CompletePath);
                context.HandleResponse();
                return Task.CompletedTask;
            };
        });
    }
}
