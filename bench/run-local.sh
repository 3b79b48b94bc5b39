#!/usr/bin/env bash
# The README's "Performance" figures on one machine: the provider and the sample app behind the filter (one Payara
# Micro, default settings, -Xmx512m) and PostgreSQL pinned to CPU 0, the benchmark on CPU 1. Needs a built tree
# (mvn -DskipTests install), PostgreSQL on localhost with a role passgate/passgate that may create databases, and
# taskset. Usage: bench/run-local.sh [duration] [workloads...]
# A workload may name its own concurrency and duration (passkey-login:64, passkey-login:4:30m). BENCH_PREWARM=240s
# first runs passkey-login that long, unreported: Payara's JIT keeps compiling for minutes, and a short warm-up
# measures the compiler as much as the server.
# BENCH_FLAGS are added to each measured run (e.g. "--rss-every 60s"). Profile with BENCH_JVM_OPTS=
# "-XX:StartFlightRecording=..." from the start: JFR attached to a running server sets off a storm of recompilation
# that makes the measured window 3-4 times slower.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-30s}; shift || true
workloads=${*:-discovery client-credentials refresh passkey-login password-login}
port=${BENCH_PORT:-8180}
work=$(mktemp -d)
micro=$(ls ~/.m2/repository/fish/payara/extras/payara-micro/*/payara-micro-*.jar | tail -1)

su postgres -c "psql -q -c 'DROP DATABASE IF EXISTS passgate_bench' -c 'CREATE DATABASE passgate_bench OWNER passgate'"
# Every PostgreSQL process on CPU 0 (the checkpointer and WAL writer too); new backends inherit it from the postmaster.
for p in $(pgrep -x postgres); do taskset -p -c 0 "$p" >/dev/null; done

cat > "$work/clients.json" <<JSON
[{"client_id": "web", "client_secret": "web-secret-0123456789", "grant_types": ["authorization_code", "refresh_token"],
  "redirect_uris": ["http://localhost:9999/cb"]},
 {"client_id": "provisioning", "client_secret": "provisioning-secret-0123456789", "grant_types": ["client_credentials"],
  "scope": "scim"},
 {"client_id": "sample-app", "client_secret": "sample-app-secret-0123456789", "grant_types": ["authorization_code", "refresh_token"],
  "redirect_uris": ["http://localhost:$port/sample-app/oidc/callback"],
  "post_logout_redirect_uris": ["http://localhost:$port/sample-app/"]}]
JSON

taskset -c 0 java -Xmx512m ${BENCH_JVM_OPTS:-} \
  -Dpassgate.issuer=http://localhost:$port \
  -Dpassgate.db.url=jdbc:postgresql://localhost:5432/passgate_bench -Dpassgate.db.user=passgate -Dpassgate.db.password=passgate \
  -Dpassgate.secret=$(head -c 32 /dev/urandom | base64) -Dpassgate.clients-file="$work/clients.json" \
  -Dpassgate.demo-user=false -Dpassgate.mail.smtp.host=localhost -Dpassgate.mail.smtp.port=2525 \
  -Dpassgate.mail.smtp.starttls=false \
  -Dpassgate.filter.issuer=http://localhost:$port -Dpassgate.filter.client-secret=sample-app-secret-0123456789 \
  -jar "$micro" --deploy provider/target/provider.war:/ --deploy sample-app/target/sample-app.war:/sample-app \
  --port "$port" --nocluster --rootdir "$work/root" \
  > "$work/payara.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 1 120); do
  curl -fs "http://localhost:$port/health/ready" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "http://localhost:$port/health/ready" >/dev/null || { tail -50 "$work/payara.log"; exit 1; }

if [ -n "${BENCH_PREWARM:-}" ]; then
  echo "pre-warm: passkey-login for $BENCH_PREWARM (not a figure)"
  taskset -c 1 java -jar bench/target/passgate-bench.jar --issuer "http://localhost:$port" --workload passkey-login \
    --concurrency 4 --duration 1s --warmup "$BENCH_PREWARM" >/dev/null
fi
for item in $workloads; do
  IFS=: read -r w c d <<< "$item"
  taskset -c 1 java -jar bench/target/passgate-bench.jar --issuer "http://localhost:$port" --workload "$w" \
    --concurrency "${c:-${BENCH_CONCURRENCY:-4}}" --duration "${d:-$duration}" --warmup "${BENCH_WARMUP:-15s}" \
    --pid "$server" --process-name postgres ${BENCH_FLAGS:-}
done
echo "server RSS: $(awk '/VmRSS/ {print int($2 / 1024) " MiB"}' /proc/$server/status)"
