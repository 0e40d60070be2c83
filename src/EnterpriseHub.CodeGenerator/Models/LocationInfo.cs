using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace EnterpriseHub.CodeGenerator.Models;

/// <summary>A source location as plain values, so diagnostics can sit in cached models without holding syntax trees.</summary>
internal sealed record LocationInfo(string FilePath, TextSpan Span, LinePositionSpan LineSpan)
{
    public static LocationInfo? From(Location? location)
    {
        if (location is null || !location.IsInSource)
        {
            return null;
        }

        return new LocationInfo(location.SourceTree!.FilePath, location.SourceSpan, location.GetLineSpan().Span);
    }

    public Location ToLocation() => Location.Create(FilePath, Span, LineSpan);
}
