using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Identity;

namespace SendImprovement.Core.Users;

/// <summary>
/// NCSC guidance on passwords: no composition rules, allow long passphrases, and refuse the passwords attackers try
/// first. A password is refused when it is on the embedded list of common passwords, when what is left after taking
/// digits and symbols off both ends (and undoing look-alike swaps such as "@" for "a") is a listed word, or a listed
/// word repeated, or when it is a plain run such as "abcdefghijkl", or the user's own email address or name.
/// Length is checked by Identity's own validator (<see cref="IdentitySetup.MinimumPasswordLength"/>).
/// </summary>
public sealed class CommonPasswordValidator : IPasswordValidator<AppUser>
{
    /// <summary>Long passphrases are welcome; the limit only keeps a pasted essay out.</summary>
    public const int MaximumLength = 256;

    public const string CommonPasswordMessage =
        "Choose a password that is harder to guess. This one is commonly used, or is made from a common word, a sequence, or your own name or email address. Three random words together make a good password.";

    public const string TooLongMessage = "Passwords must be 256 characters or fewer.";

    private static readonly Lazy<HashSet<string>> Common = new(LoadList);

    public Task<IdentityResult> ValidateAsync(UserManager<AppUser> manager, AppUser user, string? password)
    {
        if (string.IsNullOrEmpty(password) || password.Length < IdentitySetup.MinimumPasswordLength)
        {
            // Too short is already reported by Identity's length rule; one message is enough.
            return Task.FromResult(IdentityResult.Success);
        }

        if (password.Length > MaximumLength)
        {
            return Task.FromResult(IdentityResult.Failed(new IdentityError { Code = "PasswordTooLong", Description = TooLongMessage }));
        }

        return Task.FromResult(IsEasilyGuessed(password, user.Email, user.DisplayName)
            ? IdentityResult.Failed(new IdentityError { Code = "PasswordCommon", Description = CommonPasswordMessage })
            : IdentityResult.Success);
    }

    /// <summary>True when the password is one attackers would try early for this user.</summary>
    public static bool IsEasilyGuessed(string password, string? email, string? name)
    {
        var whole = password.Trim().ToLowerInvariant();
        var plain = WithoutSeparators(whole);
        if (Common.Value.Contains(whole) || Common.Value.Contains(plain))
        {
            return true;
        }

        var core = WithoutSeparators(Unswapped(TrimDigitsAndSymbols(whole)));
        if (Common.Value.Contains(core) || Common.Value.Contains(ShortestRepeatedPart(core)) || IsRun(core) || IsRun(ShortestRepeatedPart(plain)))
        {
            return true;
        }

        var personal = new List<string>();
        if (!string.IsNullOrWhiteSpace(email))
        {
            var address = email.Trim().ToLowerInvariant();
            personal.Add(WithoutSeparators(address));
            personal.Add(WithoutSeparators(address.Split('@')[0]));
        }

        if (!string.IsNullOrWhiteSpace(name))
        {
            personal.Add(WithoutSeparators(name.Trim().ToLowerInvariant()));
        }

        return personal.Any(p => p.Length > 0 && (p == core || p == plain));
    }

    private static string TrimDigitsAndSymbols(string value)
    {
        var start = 0;
        while (start < value.Length && !char.IsLetter(value[start]))
        {
            start++;
        }

        var end = value.Length;
        while (end > start && !char.IsLetter(value[end - 1]))
        {
            end--;
        }

        return value[start..end];
    }

    private static string Unswapped(string value)
    {
        var text = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            text.Append(c switch
            {
                '@' or '4' => 'a',
                '3' => 'e',
                '1' or '!' => 'i',
                '0' => 'o',
                '$' or '5' => 's',
                '7' => 't',
                _ => c,
            });
        }

        return text.ToString();
    }

    private static string WithoutSeparators(string value) =>
        string.Concat(value.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '_' or '.')));

    /// <summary>"passwordpassword" is "password" twice.</summary>
    private static string ShortestRepeatedPart(string value)
    {
        for (var length = 1; length <= value.Length / 2; length++)
        {
            if (value.Length % length == 0 && string.Concat(Enumerable.Repeat(value[..length], value.Length / length)) == value)
            {
                return value[..length];
            }
        }

        return value;
    }

    /// <summary>"abcdefghijkl", "987654321098": each character one after or one before the last.</summary>
    private static bool IsRun(string value)
    {
        if (value.Length < 4)
        {
            return false;
        }

        var step = value[1] - value[0];
        if (step is not (1 or -1))
        {
            return false;
        }

        for (var i = 2; i < value.Length; i++)
        {
            var next = value[i] - value[i - 1];
            var wrapsDigits = char.IsDigit(value[i]) && char.IsDigit(value[i - 1]) && next == -9 * step;
            if (next != step && !wrapsDigits)
            {
                return false;
            }
        }

        return true;
    }

    private static HashSet<string> LoadList()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("SendImprovement.Core.Users.common-passwords.txt")
            ?? throw new InvalidOperationException("The list of common passwords is missing from the build.");
        using var reader = new StreamReader(stream);
        var list = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            var entry = WithoutSeparators(line.Trim().ToLowerInvariant());
            if (entry.Length > 0 && !entry.StartsWith('#'))
            {
                list.Add(entry);
            }
        }

        return list;
    }
}
