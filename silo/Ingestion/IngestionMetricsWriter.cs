using EnterpriseHub.Ingestion;
using EnterpriseHub.Silo.Metrics;

namespace EnterpriseHub.Silo.Ingestion;

/// <summary>Writes <see cref="IngestionStatistics"/> as Prometheus families.</summary>
public sealed class IngestionMetricsWriter(IngestionStatistics statistics) : IMetricsContributor
{
    private static readonly string[] s_protocols = ["remote_write", "otlp", "json"];
    private static readonly string[] s_results = ["accepted", "invalid", "too_large", "unsupported", "overloaded", "unavailable"];

    /// <summary>Writes <c>ehub_ingest_requests_total{protocol,result}</c> and <c>ehub_ingest_samples_total{protocol,fate}</c>.</summary>
    public void Write(PrometheusTextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Family("ehub_ingest_requests_total", "counter", "Ingestion requests, per protocol and result (accepted, invalid, too_large, unsupported, overloaded, unavailable).");
        foreach (var protocol in Enum.GetValues<IngestProtocol>())
        {
            foreach (var result in Enum.GetValues<IngestRequestResult>())
            {
                writer.Sample("ehub_ingest_requests_total", statistics.Requests(protocol, result), ("protocol", s_protocols[(int)protocol]), ("result", s_results[(int)result]));
            }
        }

        writer.Family("ehub_ingest_samples_total", "counter", "Ingested samples, per protocol and fate (accepted, out_of_order, duplicate, skipped_stale, skipped_invalid, refused).");
        foreach (var protocol in Enum.GetValues<IngestProtocol>())
        {
            for (var fate = 0; fate < IngestionStatistics.SampleFates.Length; fate++)
            {
                writer.Sample("ehub_ingest_samples_total", statistics.Samples(protocol, fate), ("protocol", s_protocols[(int)protocol]), ("fate", IngestionStatistics.SampleFates[fate]));
            }
        }
    }
}
