#!/usr/bin/env bash
# Make sure what the test suite needs is there: Redis, PostgreSQL and Chromium for browser
# tests. Starts local servers that are installed but stopped; otherwise says how to get them.
set -uo pipefail

REDIS_HOST=${PILOTDOC_TEST_REDIS_HOST:-127.0.0.1}
PG_HOST=${PILOTDOC_TEST_PG_HOST:-127.0.0.1}
missing=0

sudo_if_needed() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else "$@"; fi; }

redis_up() { command -v redis-cli >/dev/null && redis-cli -h "$REDIS_HOST" ping 2>/dev/null | grep -q PONG; }
if ! redis_up; then
  if command -v redis-server >/dev/null; then
    echo "services: starting Redis"
    mkdir -p /tmp/pilotdoc-redis
    redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
      --dir /tmp/pilotdoc-redis --logfile /tmp/pilotdoc-redis/redis.log
    for _ in $(seq 20); do redis_up && break; sleep 0.5; done
  fi
  redis_up || { echo "services: Redis is not reachable on $REDIS_HOST:6379. Install and start it: apt-get install redis-server && redis-server --daemonize yes (or docker compose up -d redis)" >&2; missing=1; }
fi

pg_up() { command -v pg_isready >/dev/null && pg_isready -q -h "$PG_HOST" -p 5432; }
if ! pg_up; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    echo "services: starting PostgreSQL"
    sudo_if_needed pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 30); do pg_up && break; sleep 0.5; done
  fi
  pg_up || { echo "services: PostgreSQL is not reachable on $PG_HOST:5432. Install and start it: apt-get install postgresql && pg_ctlcluster 15 main start (or docker compose up -d postgres); tests connect as user postgres with trust auth, or set PILOTDOC_TEST_POSTGRES_URL" >&2; missing=1; }
fi

# CJK fonts too: without them the UI screenshots show boxes instead of Chinese.
if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi "noto.*cjk"; then
  if command -v apt-get >/dev/null; then
    echo "services: installing Debian's chromium and CJK fonts for the browser tests"
    (sudo_if_needed apt-get update -qq && sudo_if_needed env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null) \
      || echo "services: could not install chromium; browser tests will fail. Install it: apt-get install chromium fonts-noto-cjk" >&2
  else
    echo "services: /usr/bin/chromium is missing; install Chromium for the browser tests" >&2
  fi
fi
exit $missing
