#!/usr/bin/env bash
# Installs whatever this checkout lacks, quickly when nothing is missing:
# Node 24 and pnpm (from the npm registry, into .tools/), dependencies from the
# lockfile, the Prisma client, and the database migrations.
# Source it (it exports PATH) or run it; `--no-db` skips the migration step.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$ROOT/.tools"
NODE_MAJOR="$(tr -d '[:space:]' <"$ROOT/.nvmrc")"
PNPM_VERSION=12.21.0 # pinned here, not in package.json: pnpm 12 would try to fetch every platform build of itself

# Node's official builds trust only their bundled CAs; where this machine's network needs the system
# bundle (a TLS-inspecting proxy), point Node at it.
if [ -z "${NODE_EXTRA_CA_CERTS:-}" ] && [ -f /etc/ssl/certs/ca-certificates.crt ]; then
  export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
fi
# Fail within a minute instead of retrying silently for many.
export npm_config_fetch_timeout="${npm_config_fetch_timeout:-60000}" npm_config_fetch_retries="${npm_config_fetch_retries:-2}"

say() { printf '\033[2m[bootstrap]\033[0m %s\n' "$*" >&2; }

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

ensure_node() {
  if [ -x "$TOOLS/node/bin/node" ] && [ "$(node_major "$TOOLS/node/bin/node")" = "$NODE_MAJOR" ]; then
    export PATH="$TOOLS/node/bin:$PATH"; return
  fi
  if command -v node >/dev/null && [ "$(node_major node)" -ge "$NODE_MAJOR" ]; then return; fi
  local arch; case "$(uname -m)" in x86_64) arch=x64 ;; aarch64|arm64) arch=arm64 ;; *) arch="$(uname -m)" ;; esac
  say "installing Node $NODE_MAJOR (node-linux-$arch@$NODE_MAJOR from the npm registry) into .tools/node"
  local tmp; tmp="$(mktemp -d)"
  (cd "$tmp" && npm pack --silent "node-linux-$arch@$NODE_MAJOR" >/dev/null 2>&1)
  rm -rf "$TOOLS/node" && mkdir -p "$TOOLS/node"
  tar xzf "$tmp"/node-linux-*.tgz -C "$TOOLS/node" --strip-components=1
  rm -rf "$tmp"
  export PATH="$TOOLS/node/bin:$PATH"
}

ensure_pnpm() {
  export PATH="$TOOLS/pnpm/node_modules/.bin:$PATH"
  if [ "$(pnpm --version 2>/dev/null)" = "$PNPM_VERSION" ]; then return; fi
  say "installing pnpm $PNPM_VERSION from the npm registry into .tools/pnpm"
  rm -rf "$TOOLS/pnpm" && mkdir -p "$TOOLS/pnpm"
  # pnpm 12 is a native binary carried by an optional dependency (@pnpm/exe.<platform>): npm picks it.
  npm install --prefix "$TOOLS/pnpm" --no-save --no-audit --no-fund --loglevel=error "pnpm@$PNPM_VERSION" >/dev/null 2>&1
  hash -r
}

# Re-runs a step only when its inputs changed: the stamp holds their checksum.
changed() { # changed NAME FILE... ; sets STAMP_SUM
  STAMP_SUM="$(cat "${@:2}" 2>/dev/null | sha256sum | cut -c1-16)"
  [ "$(cat "$TOOLS/stamps/$1" 2>/dev/null)" != "$STAMP_SUM" ]
}
stamp() { mkdir -p "$TOOLS/stamps"; echo "$STAMP_SUM" >"$TOOLS/stamps/$1"; }

ensure_deps() {
  if changed deps "$ROOT/pnpm-lock.yaml" "$ROOT/package.json" || [ ! -d "$ROOT/node_modules" ]; then
    say "installing dependencies from the lockfile"
    (cd "$ROOT" && pnpm install --frozen-lockfile --reporter=silent)
    stamp deps
  fi
}

ensure_prisma_client() {
  if changed prisma "$ROOT/prisma/schema.prisma" "$ROOT/prisma.config.ts" || [ ! -d "$ROOT/packages/db/src/generated" ]; then
    say "generating the Prisma client"
    # generate needs no schema engine, but Prisma's CLI looks for one; any existing path will do.
    (cd "$ROOT" && PRISMA_SCHEMA_ENGINE_BINARY="${PRISMA_SCHEMA_ENGINE_BINARY:-$(command -v node)}" \
      pnpm exec prisma generate --schema prisma/schema.prisma >/dev/null)
    stamp prisma
  fi
}

ensure_database() {
  (cd "$ROOT" && node scripts/check-services.ts && node packages/db/src/migrate/cli.ts --quiet)
}

# The dashboard's browser tests drive Debian's chromium (playwright-core never downloads a browser).
ensure_chromium() {
  command -v chromium >/dev/null && return
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Debian's chromium for the browser tests"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    say "the browser tests need chromium: sudo apt-get install chromium"
  fi
}

ensure_node
ensure_pnpm
ensure_deps
ensure_prisma_client
if [ "${1:-}" != "--no-db" ]; then ensure_database; fi
# `./run test` (sourced with its arguments) needs the browser; other commands do not.
case "${1:-}" in test | test:*) ensure_chromium ;; esac
