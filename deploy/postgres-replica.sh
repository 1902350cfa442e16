#!/bin/sh
# The hot-standby replica of docker-compose.yml: on first start a copy of the primary
# (pg_basebackup -R writes standby.signal and primary_conninfo), then the server as a standby.
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h postgres -U "$POSTGRES_USER"; do sleep 1; done
  PGPASSWORD="$POSTGRES_PASSWORD" pg_basebackup -h postgres -U "$POSTGRES_USER" -D "$PGDATA" -R -X stream -c fast
  chmod 700 "$PGDATA"
fi
exec postgres -c hot_standby=on
