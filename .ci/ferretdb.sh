# shellcheck shell=bash
# Helpers to build and run the embedded FerretDB test server (test/ferretdb).
# Source this file (do not execute it); safe under `set -euo pipefail`.
#
#   source .ci/ferretdb.sh
#   ferretdb_build                 # -> .cache/ferretdb/ferretdb
#   ferretdb_start ""              # or: ferretdb_start 27017
#   trap ferretdb_stop EXIT        # recommended
#   ... tests use $MONGODB_URI ...
#   ferretdb_stop
#
# ferretdb_start must run in the current shell (not inside $(...) or a pipe),
# because it exports FERRETDB_PID, FERRETDB_PORT, MONGODB_URI, FERRETDB_LOG.
#
# Tunables (environment): FERRETDB_START_TIMEOUT (s, default 30),
# FERRETDB_STOP_TIMEOUT (s, default 10), FERRETDB_LOG_LEVEL (default error),
# FERRETDB_DB (default credithub_test), FERRETDB_KEEP_STATE=1 keeps the temp
# dir (state + log) after ferretdb_stop.

FERRETDB_REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FERRETDB_BIN="${FERRETDB_REPO_ROOT}/.cache/ferretdb/ferretdb"

_ferretdb_err() {
  echo "ferretdb: ERROR: $*" >&2
}

# ferretdb_build: (re)builds the server binary; incremental builds take <1 s.
ferretdb_build() {
  if ! command -v go >/dev/null 2>&1; then
    _ferretdb_err "'go' not found in PATH; Go >= 1.24 is required to build test/ferretdb (FerretDB v1.24.2)."
    return 1
  fi

  echo "ferretdb: building ${FERRETDB_BIN} with $(go version)" >&2
  if ! (cd "${FERRETDB_REPO_ROOT}/test/ferretdb" && go build -o "${FERRETDB_BIN}" .); then
    _ferretdb_err "go build in test/ferretdb failed (see output above)."
    return 1
  fi

  if [[ ! -x "${FERRETDB_BIN}" ]]; then
    _ferretdb_err "build reported success but ${FERRETDB_BIN} is missing."
    return 1
  fi
}

# ferretdb_start [PORT]: starts the server on 127.0.0.1:PORT (free port if
# empty/omitted) with a fresh state dir and waits until it accepts TCP.
ferretdb_start() {
  local want_port="${1:-}"
  local timeout="${FERRETDB_START_TIMEOUT:-30}"

  if [[ -n "${FERRETDB_PID:-}" ]] && kill -0 "${FERRETDB_PID}" 2>/dev/null; then
    _ferretdb_err "already running (pid ${FERRETDB_PID}); call ferretdb_stop first."
    return 1
  fi

  if [[ ! -x "${FERRETDB_BIN}" ]]; then
    _ferretdb_err "${FERRETDB_BIN} not found; run ferretdb_build first."
    return 1
  fi

  if [[ -n "${want_port}" && ! "${want_port}" =~ ^[0-9]+$ ]]; then
    _ferretdb_err "invalid port '${want_port}'."
    return 1
  fi

  local tmp
  if ! tmp="$(mktemp -d "${TMPDIR:-/tmp}/ferretdb-ci.XXXXXX")"; then
    _ferretdb_err "mktemp failed."
    return 1
  fi

  # Port 0 lets the kernel pick a free port atomically (no pick-then-bind race);
  # the server prints the actual address on stdout.
  local listen_port="${want_port:-0}"
  local log="${tmp}/ferretdb.log"

  "${FERRETDB_BIN}" \
    -listen-addr "127.0.0.1:${listen_port}" \
    -state-dir "${tmp}/state" \
    -log-level "${FERRETDB_LOG_LEVEL:-error}" \
    </dev/null >"${log}" 2>&1 &
  local pid=$!

  FERRETDB_PID="${pid}"
  FERRETDB_LOG="${log}"
  FERRETDB_TMP="${tmp}"
  export FERRETDB_PID FERRETDB_LOG FERRETDB_TMP

  local deadline=$((SECONDS + timeout))
  local port="" line=""

  while :; do
    if ! kill -0 "${pid}" 2>/dev/null; then
      local rc=0
      wait "${pid}" 2>/dev/null || rc=$?
      _ferretdb_err "server exited during startup (exit code ${rc}). Log ${log}:"
      cat "${log}" >&2 || true
      ferretdb_stop || true
      return 1
    fi

    if [[ -z "${port}" ]]; then
      line="$(grep -m1 -o 'ferretdb listening on mongodb://127\.0\.0\.1:[0-9]*/' "${log}" 2>/dev/null || true)"
      if [[ -n "${line}" ]]; then
        port="${line##*:}"
        port="${port%/}"
      fi
    fi

    if [[ -n "${port}" ]] && (exec 3<>"/dev/tcp/127.0.0.1/${port}") 2>/dev/null; then
      break
    fi

    if ((SECONDS >= deadline)); then
      _ferretdb_err "server did not accept TCP connections within ${timeout}s (port '${port:-unknown}'). Log ${log}:"
      cat "${log}" >&2 || true
      ferretdb_stop || true
      return 1
    fi

    sleep 0.2
  done

  FERRETDB_PORT="${port}"
  MONGODB_URI="mongodb://127.0.0.1:${port}/${FERRETDB_DB:-credithub_test}"
  export FERRETDB_PORT MONGODB_URI
  echo "ferretdb: started pid ${pid}, MONGODB_URI=${MONGODB_URI}" >&2
}

# ferretdb_stop: SIGTERM, wait (FerretDB gives connected clients up to 3 s),
# SIGKILL after FERRETDB_STOP_TIMEOUT; removes the temp dir. Idempotent.
ferretdb_stop() {
  local pid="${FERRETDB_PID:-}"
  local timeout="${FERRETDB_STOP_TIMEOUT:-10}"

  if [[ -n "${pid}" ]]; then
    if kill -0 "${pid}" 2>/dev/null; then
      kill -TERM "${pid}" 2>/dev/null || true

      local deadline=$((SECONDS + timeout))
      while kill -0 "${pid}" 2>/dev/null && ((SECONDS < deadline)); do
        sleep 0.1
      done

      if kill -0 "${pid}" 2>/dev/null; then
        _ferretdb_err "pid ${pid} did not exit within ${timeout}s after SIGTERM; sending SIGKILL."
        kill -KILL "${pid}" 2>/dev/null || true
      fi
    fi

    # Reap it if it is our child; ignore its status (and "not a child" errors).
    wait "${pid}" 2>/dev/null || true
  fi

  if [[ -n "${FERRETDB_TMP:-}" && "${FERRETDB_KEEP_STATE:-0}" != "1" ]]; then
    rm -rf "${FERRETDB_TMP}"
  fi

  unset FERRETDB_PID FERRETDB_PORT FERRETDB_TMP FERRETDB_LOG MONGODB_URI
  return 0
}
