namespace SendImprovement.Core;

/// <summary>
/// A business rule the user can fix: shown against the named form field (or at the top of the form when the
/// field is empty) by the web app's one filter, and printed by the command line.
/// </summary>
public sealed class ValidationFailedException : Exception
{
    public ValidationFailedException(string field, string message)
        : this([new FieldError(field, message)])
    {
    }

    public ValidationFailedException(IReadOnlyList<FieldError> errors)
        : base(string.Join(" ", errors.Select(e => e.Message)))
    {
        Errors = errors;
    }

    public ValidationFailedException()
        : this(string.Empty, "The request was not valid.")
    {
    }

    public ValidationFailedException(string message)
        : this(string.Empty, message)
    {
    }

    public ValidationFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new FieldError(string.Empty, message)];
    }

    public IReadOnlyList<FieldError> Errors { get; }
}

public sealed record FieldError(string Field, string Message);

/// <summary>
/// Someone else saved the record since this user loaded it. Nothing was saved; the user sees what changed and
/// can submit again.
/// </summary>
public sealed class ConcurrencyConflictException : Exception
{
    public ConcurrencyConflictException()
        : base("Someone else changed this since you opened it. Nothing has been saved. Check the latest details and submit again.")
    {
    }

    public ConcurrencyConflictException(string message)
        : base(message)
    {
    }

    public ConcurrencyConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The record does not exist, or the user may not know it exists: the product's 404 page.</summary>
public sealed class NotFoundException : Exception
{
    public NotFoundException()
        : base("Not found.")
    {
    }

    public NotFoundException(string message)
        : base(message)
    {
    }

    public NotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The user may see the record but not do this to it: the product's 403 page.</summary>
public sealed class ForbiddenException : Exception
{
    public ForbiddenException()
        : base("You do not have permission to do this.")
    {
    }

    public ForbiddenException(string message)
        : base(message)
    {
    }

    public ForbiddenException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
