#!/bin/sh
# Runs once when the primary's data directory is created (docker-entrypoint-initdb.d): lets the
# streaming replica of docker-compose.yml (profile "replica") connect for replication.
set -e
echo "host replication $POSTGRES_USER all scram-sha-256" >> "$PGDATA/pg_hba.conf"
