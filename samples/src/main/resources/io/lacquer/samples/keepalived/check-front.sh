#!/bin/sh
# check-front.sh [PORT] - keepalived's vrrp_script for a lacquer-front node: succeeds only while
# the local front answers its monitor-uri (/front-health) with 200. PORT is the front's bind
# port (default 80). curl's own limits stay below the vrrp_script timeout (2 s), so a hung front
# counts as a failure rather than a timed-out script.
port=${1:-80}
code=$(curl -s --noproxy '*' --connect-timeout 0.5 --max-time 1 -o /dev/null -w '%{http_code}' \
  "http://127.0.0.1:$port/front-health") || exit 1
[ "$code" = 200 ]
