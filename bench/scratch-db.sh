# Shared by the bench scripts: sets SCRATCH_URL to a scratch database in
# the directory $scratch, SQLite unless DATABASE=postgres (then a new
# database on the local PostgreSQL server, dropped by scratch_drop).
scratch_drop() { :; }
if [ "${DATABASE:-sqlite}" = postgres ]; then
    admin_url="$(scripts/postgres-up)"
    scratch_name="kith_bench_$$"
    psql "$admin_url" -Atqc "CREATE DATABASE $scratch_name" >/dev/null
    SCRATCH_URL="$(printf '%s' "$admin_url" | sed "s#/postgres?#/$scratch_name?#")"
    scratch_drop() { psql "$admin_url" -Atqc "DROP DATABASE IF EXISTS $scratch_name WITH (FORCE)" >/dev/null; }
else
    SCRATCH_URL="sqlite://$scratch/kith.db"
fi
