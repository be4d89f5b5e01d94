#!/bin/bash
# Exits 0 when the readiness probe on the management port returns HTTP 200. Uses bash's
# /dev/tcp so the runtime image needs no curl or wget.
set -euo pipefail

port="${MANAGEMENT_SERVER_PORT:-8081}"
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET /actuator/health/readiness HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
read -r -t 5 status_line <&3
[[ "${status_line}" == *" 200 "* ]]
