#!/usr/bin/env bash
# A second local PostgreSQL cluster playing a county that publishes its register by logical
# replication (README: "Upward reporting over a connection"). It listens on 127.0.0.1:5433 with
# wal_level = logical and trust authentication for local test use only; the default cluster on
# 5432 (wal_level replica is enough for a subscriber) plays the province and is not restarted.
#   bash scripts/pg-county-cluster.sh          create (once) and start; prints the URL
#   bash scripts/pg-county-cluster.sh stop
set -euo pipefail
major=${PG_MAJOR:-$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n1)}
name=${LANDPLAN_PG_COUNTY_CLUSTER:-landplan_county}
port=${LANDPLAN_PG_COUNTY_PORT:-5433}
if [ -z "$major" ]; then echo "pg-county-cluster: PostgreSQL is not installed" >&2; exit 1; fi
if [ "${1:-start}" = stop ]; then
  pg_ctlcluster --skip-systemctl-redirect "$major" "$name" stop 2>/dev/null || true
  exit 0
fi
if ! pg_lsclusters -h | awk '{print $2}' | grep -qx "$name"; then
  pg_createcluster "$major" "$name" -p "$port" --start-conf=manual -- --auth=trust >/dev/null
fi
conf=/etc/postgresql/$major/$name
cat > "$conf/conf.d/landplan-logical.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
wal_level = logical
max_wal_senders = 10
max_replication_slots = 10
shared_buffers = 32MB
CONF
if ! grep -q 'landplan-county' "$conf/pg_hba.conf"; then
  { echo '# landplan-county: local test cluster, trust on loopback only'; echo 'host all all 127.0.0.1/32 trust'; echo 'host replication all 127.0.0.1/32 trust'; cat "$conf/pg_hba.conf"; } > "$conf/pg_hba.conf.new"
  mv "$conf/pg_hba.conf.new" "$conf/pg_hba.conf"
fi
if pg_ctlcluster --skip-systemctl-redirect "$major" "$name" status >/dev/null 2>&1; then
  level=$(psql -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc 'show wal_level' 2>/dev/null || echo unknown)
  [ "$level" = logical ] || pg_ctlcluster --skip-systemctl-redirect "$major" "$name" restart
else
  pg_ctlcluster --skip-systemctl-redirect "$major" "$name" start
fi
for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p "$port" >/dev/null 2>&1 && break; sleep 1; done
echo "postgres://postgres@127.0.0.1:$port/postgres"
