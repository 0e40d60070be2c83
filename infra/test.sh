#!/usr/bin/env bash
# The whole test suite, as CI runs it: build warning-free, run every test project, print one summary line.
# Later suites that need PostgreSQL, RabbitMQ, Prometheus or Chromium install and start them here, on loopback,
# in temporary directories, and stop them on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

# Real peers the integration tests drive: Debian's Prometheus and vmagent (remote_write into the silo). Tests
# start them on loopback in temporary directories and stop them; here they are only installed when missing.
need=()
command -v prometheus >/dev/null 2>&1 || need+=(prometheus)
command -v vmagent >/dev/null 2>&1 || need+=(victoria-metrics)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing ${need[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

dotnet build EnterpriseHub.Orleans.sln -c Release -nologo -clp:ErrorsOnly

status=0
dotnet test EnterpriseHub.Orleans.sln -c Release --no-build -nologo \
  --logger "trx" --results-directory "$results" -- RunConfiguration.TreatNoTestsAsError=false || status=$?

# Sum the TRX counters of every test project into the one closing line CI reads.
passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done

if [ "$passed" -eq 0 ] && [ "$failed" -eq 0 ]; then
  echo "no tests ran" >&2
  status=1
fi

echo "tests: $passed passed, $failed failed"
exit $status
