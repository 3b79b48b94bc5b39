#!/usr/bin/env bash
# Counts the SQL statements and commits of one passkey login, as PostgreSQL logs them: the README's figure. Needs a
# provider running on localhost:${BENCH_PORT:-8180} against the local PostgreSQL (bench/run-local.sh's set-up, left
# running), a built bench/target/passgate-bench.jar, and root (it switches PostgreSQL's statement log on and off).
# One virtual user, so logins do not overlap; background jobs' statements (notices) are left out.
set -euo pipefail
cd "$(dirname "$0")/.."
issuer="http://localhost:${BENCH_PORT:-8180}"
# For a throwaway local cluster only: every statement of the cluster is logged while it runs (parameters left out).
sql() { su postgres -c "psql -Atq -c \"$1\""; }
log=$(sql "SELECT pg_current_logfile()" 2>/dev/null || true)
if [ -n "$log" ] && [ "${log#/}" = "$log" ]; then log="$(sql "SHOW data_directory")/$log"; fi
[ -n "$log" ] || log=$(ls -t /var/log/postgresql/postgresql-*.log | head -1)
java -jar bench/target/passgate-bench.jar --issuer "$issuer" --workload passkey-login --concurrency 1 --duration 5s --warmup 20s | tail -1
# What ALTER SYSTEM held before (postgresql.auto.conf), put back on the way out.
saved=$(sql "SELECT string_agg(name || '=' || setting, ' ') FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf'
  AND name IN ('log_statement', 'log_parameter_max_length') AND applied")
restore() {
  sql "ALTER SYSTEM RESET log_statement" >/dev/null; sql "ALTER SYSTEM RESET log_parameter_max_length" >/dev/null
  for kv in $saved; do sql "ALTER SYSTEM SET ${kv%%=*} = '${kv#*=}'" >/dev/null; done
  sql "SELECT pg_reload_conf()" >/dev/null
}
trap restore EXIT
sql "ALTER SYSTEM SET log_parameter_max_length = 0" >/dev/null
sql "ALTER SYSTEM SET log_statement = 'all'" >/dev/null
sql "SELECT pg_reload_conf()" >/dev/null
before=$(wc -l < "$log")
java -jar bench/target/passgate-bench.jar --issuer "$issuer" --workload passkey-login --concurrency 1 --duration 5s --warmup 1s | tail -1
sleep 1
# One login runs from its INSERT INTO interactions to the next one's; the first and last are cut off, so left out.
tail -n +"$before" "$log" | awk '/LOG:  (execute [^:]*|statement): / {
    if ($0 ~ /INSERT INTO interactions/) n++
    if (n < 1 || $0 ~ /notices|pg_reload_conf|ALTER SYSTEM|: BEGIN$/) next
    if ($0 ~ /: COMMIT$/) commits[n]++; else statements[n]++
  }
  END {
    if (n < 3) { print "too few logins in the log"; exit 1 }
    for (i = 2; i < n; i++) { s += statements[i]; c += commits[i] }
    printf "%d logins: %.1f statements and %.1f commits per passkey login\n", n - 2, s / (n - 2), c / (n - 2)
  }'
