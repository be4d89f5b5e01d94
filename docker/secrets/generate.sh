#!/bin/sh
# Writes random secrets for the docker stack next to this script, keeping any that exist, and
# the PostgreSQL password into ../.env. Run once before the first "docker compose up".
#
# Compose bind-mounts each secret file with its host permissions, and the application runs as
# user 10001, so the files are world-readable (0644) while this directory is 0700: only the
# host's owner can reach them on the host.
set -eu

cd "$(dirname "$0")"
chmod 0700 .

for name in redis_password api_key_user api_key_admin api_key_metrics; do
  if [ -s "${name}" ]; then
    echo "kept: ${name}"
  else
    openssl rand -hex 32 > "${name}"
    chmod 0644 "${name}"
    echo "created: ${name}"
  fi
done

if ! grep -q '^TEMPORAL_DB_PASSWORD=' ../.env 2>/dev/null; then
  (umask 077 && echo "TEMPORAL_DB_PASSWORD=$(openssl rand -hex 24)" >> ../.env)
  echo "created: TEMPORAL_DB_PASSWORD in docker/.env"
fi
