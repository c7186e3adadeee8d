# Fails with a clear message when a port the portal needs is already taken.
ms_require_free_port() {
  local port="$1" what="$2"
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "error: port $port ($what) is already in use; stop whatever listens there (e.g. \`ss -ltnp 'sport = :$port'\`) and try again." >&2
    return 1
  fi
}
