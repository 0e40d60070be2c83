using System.Text.Encodings.Web;
using System.Text.Json;

namespace EnterpriseHub.Alerting.Receivers;

/// <summary>Writer settings for receiver payloads: quotes escaped as <c>\"</c> and text left readable, the way
/// Alertmanager's Go encoder writes it (it also escapes &lt;, &gt; and &amp; as \u003c..., which parsers read the
/// same). The payloads go into HTTP bodies, never into HTML, so relaxed escaping is safe.</summary>
internal static class JsonWriting
{
    public static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
