namespace ResumableUpload;

/// <summary>An object property is malformed, or the target cannot store it (<see cref="ObjectProperties.Validate"/>).</summary>
public sealed class InvalidObjectPropertyException : ArgumentException
{
    /// <summary>Initializes a new instance of the <see cref="InvalidObjectPropertyException"/> class.</summary>
    public InvalidObjectPropertyException()
    {
        Property = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidObjectPropertyException"/> class.</summary>
    /// <param name="message">The message.</param>
    public InvalidObjectPropertyException(string message)
        : base(message)
    {
        Property = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidObjectPropertyException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public InvalidObjectPropertyException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Property = string.Empty;
    }

    /// <summary>Initializes a new instance of the <see cref="InvalidObjectPropertyException"/> class.</summary>
    /// <param name="property">The <see cref="ObjectProperties"/> member at fault.</param>
    /// <param name="message">The one-line message; never a secret.</param>
    public InvalidObjectPropertyException(string property, string message)
        : base(message)
    {
        Property = property;
    }

    /// <summary>Gets the name of the <see cref="ObjectProperties"/> member at fault (<c>Tags</c>, <c>Encryption</c>…).</summary>
    public string Property { get; }
}
