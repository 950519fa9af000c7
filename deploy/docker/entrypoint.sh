#!/bin/sh
# Starts one Ledgerline service inside its container.
#
#   entrypoint.sh [SERVICE]     (defaults to $SERVICE, which the image sets from its build arg)
#
# A data service (every one but the gateway) first applies its Prisma migrations to the database
# in DATABASE_URL; the runner holds Prisma's advisory lock, so replicas starting together are
# safe. Then the service replaces this shell (exec), so it is the process that receives SIGTERM
# and shuts down gracefully.
set -eu

service="${1:-${SERVICE:-}}"
if [ -z "$service" ]; then
  echo "entrypoint: no service given (argument or SERVICE variable)" >&2
  exit 64
fi

cd /app
if [ ! -f "services/$service/src/main.ts" ]; then
  echo "entrypoint: unknown service '$service' (no services/$service/src/main.ts in this image)" >&2
  exit 64
fi

if [ "$service" != "gateway" ]; then
  node --import tsx "services/$service/src/migrate.ts"
fi
exec node --import tsx "services/$service/src/main.ts"
