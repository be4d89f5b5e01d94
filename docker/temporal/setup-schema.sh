#!/bin/sh
# Creates Temporal's two PostgreSQL databases, or brings their schemas up to the version
# shipped in this admin-tools image. Safe to run again: existing databases are kept and
# update-schema only applies missing versions.
set -eu

: "${POSTGRES_HOST:=postgresql}"
: "${POSTGRES_PORT:=5432}"
: "${POSTGRES_USER:=temporal}"
# temporal-sql-tool reads the password from SQL_PASSWORD.
export SQL_PASSWORD="${POSTGRES_PWD}"

schema_dir=/etc/temporal/schema/postgresql/v12

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "${POSTGRES_HOST}" -p "${POSTGRES_PORT}" \
    -u "${POSTGRES_USER}" "$@"
}

for database in temporal temporal_visibility; do
  case "${database}" in
    temporal) versions="${schema_dir}/temporal/versioned" ;;
    *) versions="${schema_dir}/visibility/versioned" ;;
  esac
  echo "schema setup: database=${database}"
  sql_tool --db "${database}" create || echo "database exists: database=${database}"
  # setup-schema -v 0.0 only creates the version table when it is missing.
  sql_tool --db "${database}" setup-schema -v 0.0
  sql_tool --db "${database}" update-schema -d "${versions}"
done
echo "schema setup finished"
