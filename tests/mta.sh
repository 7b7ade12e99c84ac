#!/bin/bash
# A private Exim for the transport's tests and benchmark: listens on two free
# loopback ports and delivers into Maildirs under the build tree, one for each
# known local part, whatever the domain.
#   mta.sh start DIR   start it; DIR/env then holds MTA_PORT, MTA_PLAIN_PORT, MTA_DIR
#   mta.sh stop DIR    stop it (and every delivery it started)
#   mta.sh pause DIR   stop it, keeping its ports and mail
#   mta.sh resume DIR  start it again on the same ports
# MTA_PORT offers PIPELINING and SMTPUTF8; MTA_PLAIN_PORT offers neither.
# refused@ is refused (550 5.1.1), later@ deferred (451 4.2.1), slow@ taken
# but answered two seconds late (RCPT), unknown local parts are refused (550),
# messages over 2 MB too (SIZE 2097152).
# Exim never delivers as root: as root the deliveries run as Debian-exim.
set -u
# Also when a Windows program runs it: Wine hands it a Windows PATH.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin${PATH:+:$PATH}
action=${1:?start or stop}
dir=${2:?directory}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
# Where the MTA works: DIR itself, or a folder in /tmp when the user Exim
# delivers as cannot reach DIR (a build tree under /root); DIR/real says which.
real=$dir
[ -f "$dir/real" ] && real=$(cat "$dir/real")
exim=${EXIM:-$(command -v exim4 || command -v exim || echo /usr/sbin/exim4)}
users="alice bob carol dave erin inbox bench swaks slow jörg"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

free_port() {
    local port
    for _ in $(seq 100); do
        port=$(( 20000 + RANDOM % 30000 ))
        port_in_use "$port" || { echo "$port"; return 0; }
    done
    return 1
}

# The pids of every Exim process of this configuration: a daemon started by a
# resume whose pid file is not written yet has none to find it by.
our_exims() {
    local proc cmdline
    for proc in /proc/[0-9]*; do
        cmdline=$( { tr '\0' ' ' < "$proc/cmdline"; } 2>/dev/null) || continue
        [[ "$cmdline" == *" -C $real/exim.conf "* ]] && echo "${proc#/proc/}"
    done
}

stop() {
    local pids
    pids=$( { cat "$real/run/exim.pid" 2>/dev/null; our_exims; } | sort -u)
    [ -n "$pids" ] || return 0
    kill $pids 2>/dev/null
    for _ in $(seq 50); do kill -0 $pids 2>/dev/null || break; sleep 0.1; done
    kill -9 $pids 2>/dev/null
    # A resume right after a pause may have started the next daemon meanwhile: its pid file stays.
    grep -qxF "$(cat "$real/run/exim.pid" 2>/dev/null)" <<< "$pids" && rm -f "$real/run/exim.pid"
    return 0
}

resume() {
    . "$dir/env" || exit 1
    "$exim" -C "$real/exim.conf" -bd -oP "$real/run/exim.pid" > "$real/log/start.log" 2>&1
    for _ in $(seq 50); do
        port_in_use "$MTA_PORT" && port_in_use "$MTA_PLAIN_PORT" && [ -s "$real/run/exim.pid" ] && return 0
        sleep 0.1
    done
    echo "mta.sh: Exim did not start again" >&2
    exit 1
}

start() {
    [ -x "$exim" ] || { echo "mta.sh: no Exim ($exim): install exim4-daemon-light" >&2; exit 1; }
    stop
    if [ "$(id -u)" = 0 ]; then user=Debian-exim; group=Debian-exim; else user=$(id -un); group=$(id -gn); fi
    [ "$real" != "$dir" ] && rm -rf "$real"
    rm -rf "$dir/spool" "$dir/log" "$dir/mail" "$dir/run" "$dir/real" "$dir/env"
    real=$dir
    if [ "$(id -u)" = 0 ] && ! runuser -u "$user" -- test -x "$dir" 2>/dev/null; then
        real=$(mktemp -d /tmp/smtpxp-mta.XXXXXX) && chmod 755 "$real" || exit 1
        echo "$real" > "$dir/real"
        echo "mta.sh: $user cannot reach $dir; the MTA works in $real"
    fi
    mkdir -p "$real/spool" "$real/log" "$real/run"
    for u in $users; do mkdir -p "$real/mail/$u/new" "$real/mail/$u/cur" "$real/mail/$u/tmp"; done
    [ "$(id -u)" = 0 ] && chown -R "$user:$group" "$real/spool" "$real/log" "$real/run" "$real/mail"
    chmod -R a+rwX "$real/mail"
    for attempt in 1 2 3 4 5; do
        port=$(free_port) && plain_port=$(free_port) && [ "$port" != "$plain_port" ] || continue
        cat > "$real/exim.conf" <<CONF
primary_hostname = mta.test
qualify_domain = example.test
spool_directory = $real/spool
log_file_path = $real/log/%slog
pid_file_path = $real/run/exim.pid
exim_user = $user
exim_group = $group
never_users = root
keep_environment =
daemon_smtp_ports = $port : $plain_port
local_interfaces = <; 127.0.0.1
host_lookup =
rfc1413_hosts =
tls_advertise_hosts =
chunking_advertise_hosts =
pipelining_connect_advertise_hosts =
pipelining_advertise_hosts = \${if eq{\$received_port}{$plain_port}{}{*}}
smtputf8_advertise_hosts = \${if eq{\$received_port}{$plain_port}{}{*}}
received_header_text =
smtp_accept_queue_per_connection = 0
smtp_accept_max = 100
smtp_accept_reserve = 0
message_size_limit = 2M
acl_smtp_rcpt = acl_rcpt

begin acl
acl_rcpt:
  deny    recipients = refused@example.test
          message = 5.1.1 <\$local_part@\$domain>: no such user here
  defer   recipients = later@example.test
          message = 4.2.1 <\$local_part@\$domain>: mailbox busy, try again later
  warn    recipients = slow@example.test
          delay = 2s
  require verify = recipient
  accept

begin routers
to_maildir:
  driver = accept
  local_parts = dsearch;$real/mail
  transport = maildir_delivery

begin transports
maildir_delivery:
  driver = appendfile
  directory = $real/mail/\$local_part_data
  maildir_format
  delivery_date_add = false
  envelope_to_add = false
  return_path_add = false
  use_crlf
  mode = 0666
  user = $user
  group = $group
CONF
        "$exim" -C "$real/exim.conf" -bd -oP "$real/run/exim.pid" > "$real/log/start.log" 2>&1
        for _ in $(seq 50); do
            port_in_use "$port" && port_in_use "$plain_port" && [ -s "$real/run/exim.pid" ] && break
            sleep 0.1
        done
        if port_in_use "$port" && [ -s "$real/run/exim.pid" ]; then
            printf 'MTA_PORT=%s\nMTA_PLAIN_PORT=%s\nMTA_DIR=%s\n' "$port" "$plain_port" "$real" > "$dir/env"
            echo "mta.sh: Exim on 127.0.0.1:$port and :$plain_port, mail in $real/mail"
            return 0
        fi
        stop
    done
    echo "mta.sh: Exim did not start:" >&2
    cat "$real/log/start.log" "$real/log/paniclog" "$real/log/mainlog" 2>/dev/null | tail -20 >&2
    exit 1
}

case $action in
    start) start ;;
    pause) stop ;;
    stop) stop; [ "$real" != "$dir" ] && rm -rf "$real"; rm -f "$dir/real" ;;
    resume) resume ;;
    *) echo "usage: mta.sh start|stop|pause|resume DIR" >&2; exit 2 ;;
esac
