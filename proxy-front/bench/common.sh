# common.sh - sourced by the benchmarks in this folder: the nginx origin serving 1 KiB, the one
# configuration every proxy under test runs, and the CPU time a process spends per request.

bench_origin() {  # $1 work dir, $2 $3 ports: writes the 1 KiB file and nginx.conf, starts nginx; pid in BENCH_NGINX_PID
  mkdir -p "$1/www" "$1/nginx"
  head -c 1024 /dev/urandom > "$1/www/1k.bin"
  cat > "$1/nginx/nginx.conf" <<NGINX
worker_processes 1;
pid $1/nginx/nginx.pid;
error_log $1/nginx/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 75s;
  client_body_temp_path $1/nginx;
  proxy_temp_path $1/nginx;
  fastcgi_temp_path $1/nginx;
  uwsgi_temp_path $1/nginx;
  scgi_temp_path $1/nginx;
  server { listen 127.0.0.1:$2; root $1/www; }
  server { listen 127.0.0.1:$3; root $1/www; }
}
NGINX
  nginx -p "$1/nginx" -c "$1/nginx/nginx.conf" -g 'daemon off; master_process off;' &
  BENCH_NGINX_PID=$!
}

bench_need() {  # $1 the script's name, then the commands it needs: exits with a message if one is missing
  local me=$1; shift
  for tool in "$@"; do
    command -v "$tool" >/dev/null 2>&1 || { echo "$me: '$tool' not found" >&2; exit 1; }
  done
}

bench_await() {  # the ports of proxies just started: waits (up to 20 s each) until each serves /1k.bin
  for port in "$@"; do
    for _ in $(seq 100); do
      curl -fs -o /dev/null "http://127.0.0.1:$port/1k.bin" && break
      sleep 0.2
    done
  done
}

bench_config() {  # $1 bind port, $2 $3 nginx ports: the configuration every proxy runs
  cat <<CFG
global
    maxconn 4096
defaults
    mode http
    timeout connect 5s
    timeout client 30s
    timeout server 30s
frontend www
    bind 127.0.0.1:$1
    default_backend static
backend static
    balance roundrobin
    server n1 127.0.0.1:$2
    server n2 127.0.0.1:$3
CFG
}

# CPU per request: process CPU time (utime+stime from /proc) over requests served in one wrk run
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
cpu_run() {  # $1 pid, $2 port -> microseconds of CPU per request (needs tick_us; THREADS, CONNS, DURATION)
  local before after reqs
  before=$(cpu_ticks "$1")
  reqs=$(wrk -t"${THREADS:-1}" -c"${CONNS:-64}" -d"${DURATION:-8s}" "http://${HOST:-127.0.0.1}:$2/1k.bin" | awk '/requests in/ {print $1}')
  after=$(cpu_ticks "$1")
  python3 -c "print(f'{($after - $before) * $tick_us / max(1, $reqs):.1f}')"
}

bench_cleanup() {  # stops the processes the caller started (its pids array), then removes $1
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$1"
}
