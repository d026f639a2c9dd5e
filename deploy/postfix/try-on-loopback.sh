#!/usr/bin/env bash
# Try the Postfix recipe (main.cf, header_checks, opendkim.conf, opendmarc.conf beside this
# script) end to end, on loopback only, without touching the system's Postfix:
#   installs Postfix, OpenDKIM, OpenDMARC and swaks from Debian packages when missing (root);
#   runs a private Postfix instance (postfix -c) on a free 127.0.0.1 port, the two milters
#   and `cmebot serve` (LMTP, SQLite in a temporary folder);
#   delivers a member's DKIM-signed certificate through Postfix (recorded, "Recorded #1"),
#   a forged one claiming "dmarc=pass" from our authserv-id (not recorded: held, confirmation),
#   and mail to an unknown recipient (refused at RCPT, nothing queued to bounce);
#   then stops everything it started. Exit 0 when all of that held.
# The only test-only piece: OpenDKIM reads the member domain's key from a file (TestPublicKeys)
# instead of DNS. The "Internet" is 127.0.0.2 (Postfix trusts only 127.0.0.1, cmebot's replies).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
CMEBOT=${CMEBOT:-$ROOT/.venv/bin/cmebot}
PYTHON=${PYTHON:-$ROOT/.venv/bin/python}
DOMAIN=cme.test
AUTHSERV=mx.cme.test
MEMBER=steve@hospital.test
OUTSIDE=127.0.0.2
DEADLINE=${CMEBOT_TRY_DEADLINE:-90}  # seconds to wait for the bot's two replies

say() { printf 'try-on-loopback: %s\n' "$*"; }
fail() { say "FAILED: $*"; exit 1; }

if ! command -v postfix >/dev/null || ! command -v opendkim >/dev/null \
    || ! command -v opendmarc >/dev/null || ! command -v swaks >/dev/null; then
    [ "$(id -u)" = 0 ] || fail "Postfix, OpenDKIM, OpenDMARC and swaks are missing; run as root to install them"
    say "installing postfix opendkim opendmarc swaks (Debian packages)"
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
        postfix opendkim opendmarc swaks >/dev/null
fi

WORK=$(mktemp -d /tmp/cmebot-postfix.XXXXXX)
chmod 755 "$WORK"
PIDS=()
POSTFIX_UP=
cleanup() {
    set +e
    [ -n "$POSTFIX_UP" ] && postfix -c "$WORK/etc" stop >/dev/null 2>&1
    for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
    for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null; done
    if [ -n "$POSTFIX_UP" ] && [ -f "$WORK/spool/pid/master.pid" ]; then
        kill "$(tr -d ' ' <"$WORK/spool/pid/master.pid")" 2>/dev/null
    fi
    if [ -z "${CMEBOT_TRY_KEEP:-}" ]; then rm -rf "$WORK"; else say "left $WORK"; fi
}
trap cleanup EXIT
trap 'exit 143' TERM INT  # so a caller's SIGTERM still runs cleanup

free_port() { "$PYTHON" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
SMTP_PORT=$(free_port); LMTP_PORT=$(free_port); DKIM_PORT=$(free_port); DMARC_PORT=$(free_port)
HTTP_PORT=$(free_port)

wait_port() {  # wait_port PORT NAME
    for _ in $(seq 1 100); do
        "$PYTHON" -c "import socket,sys; socket.create_connection(('127.0.0.1', $1), 0.2)" 2>/dev/null && return 0
        sleep 0.1
    done
    fail "$2 did not listen on 127.0.0.1:$1"
}

# The recipe's files, with this run's names and ports.
recipe() {  # recipe FILE
    sed -e "s/cme\.example\.org/$DOMAIN/g" \
        -e "s/mx\\\\\.example\\\\\.org/mx\\\\.cme\\\\.test/g" -e "s/mx\.example\.org/$AUTHSERV/g" \
        -e "s/127\.0\.0\.1:2525/127.0.0.1:$LMTP_PORT/" \
        -e "s/8891/$DKIM_PORT/g" -e "s/8893/$DMARC_PORT/g" \
        -e "s#/etc/postfix/cmebot_header_checks#$WORK/etc/cmebot_header_checks#" "$HERE/$1"
}

# ---- the milters ----------------------------------------------------------------------------
openssl genrsa -out "$WORK/member.key" 2048 2>/dev/null
printf 'sel._domainkey.hospital.test v=DKIM1; k=rsa; p=%s\n' \
    "$(openssl rsa -in "$WORK/member.key" -pubout -outform DER 2>/dev/null | base64 -w0)" >"$WORK/dns-keys"
{ recipe opendkim.conf | grep -v '^Syslog'
  echo "Syslog no"; echo "PidFile $WORK/opendkim.pid"; echo "TestPublicKeys $WORK/dns-keys"
} >"$WORK/opendkim.conf"
{ recipe opendmarc.conf | grep -v '^Syslog'
  echo "Syslog false"; echo "PidFile $WORK/opendmarc.pid"
} >"$WORK/opendmarc.conf"
opendkim -f -x "$WORK/opendkim.conf" >"$WORK/opendkim.log" 2>&1 &
PIDS+=($!)
opendmarc -f -c "$WORK/opendmarc.conf" >"$WORK/opendmarc.log" 2>&1 &
PIDS+=($!)
wait_port "$DKIM_PORT" opendkim
wait_port "$DMARC_PORT" opendmarc

# ---- cmebot ---------------------------------------------------------------------------------
export CMEBOT_DATA_DIR=$WORK/bot CMEBOT_LMTP=1 CMEBOT_SMTP_HOST=127.0.0.1 CMEBOT_SMTP_PORT=$LMTP_PORT \
    CMEBOT_MAIL_DOMAIN=$DOMAIN CMEBOT_TRUSTED_AUTHSERV_ID=$AUTHSERV CMEBOT_HTTP_PORT=$HTTP_PORT
unset CMEBOT_DATABASE_URL CMEBOT_RELAY_URL CMEBOT_MAIL_WORKER_PROCESS SLACK_BOT_TOKEN SLACK_APP_TOKEN \
    SLACK_SIGNING_SECRET SLACK_CLIENT_ID SLACK_CLIENT_SECRET
"$CMEBOT" member add --email "$MEMBER" --name "Steve Sample" --cycle-end 2022 --home "Dallas, TX, US" \
    >"$WORK/member.log" 2>&1 || { cat "$WORK/member.log"; fail "cmebot member add"; }
"$CMEBOT" serve >"$WORK/bot.log" 2>&1 &
PIDS+=($!)
wait_port "$LMTP_PORT" "cmebot (LMTP)"

# ---- Postfix, a private instance --------------------------------------------------------------
mkdir -p "$WORK/etc" "$WORK/spool" "$WORK/lib"
chown postfix "$WORK/lib"
sed -e "s/^smtp      inet.*/127.0.0.1:$SMTP_PORT inet n - n - - smtpd/" \
    /etc/postfix/master.cf.proto >"$WORK/etc/master.cf"
recipe header_checks >"$WORK/etc/cmebot_header_checks"
{ cat <<CF
compatibility_level = 3.6
queue_directory = $WORK/spool
data_directory = $WORK/lib
myhostname = $AUTHSERV
mydestination =
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
alias_maps =
alias_database =
maillog_file = $WORK/postfix.log
maillog_file_prefixes = $WORK
smtp_dns_support_level = disabled
CF
  recipe main.cf
} >"$WORK/etc/main.cf"
# Postfix reports to syslog, or to a terminal: `script` gives it one, so errors show here.
pf() { script -qec "postfix -c '$WORK/etc' $*" /dev/null; }
pf check >"$WORK/postfix-check.log" 2>&1 || { cat "$WORK/postfix-check.log"; fail "postfix check"; }
pf start >>"$WORK/postfix-check.log" 2>&1 || { cat "$WORK/postfix-check.log"; fail "postfix start"; }
POSTFIX_UP=1
wait_port "$SMTP_PORT" postfix

# ---- mail from "outside" ----------------------------------------------------------------------
deliver() {  # deliver FILE RCPT [ENVELOPE-FROM]: swaks from the "Internet" address; prints its exit code
    swaks --server 127.0.0.1 --port "$SMTP_PORT" --local-interface "$OUTSIDE" --from "${3:-$MEMBER}" \
        --to "$2" --data @"$1" --timeout 30 >>"$WORK/swaks.log" 2>&1 && echo 0 || echo $?
}
"$PYTHON" "$HERE/certificate_mail.py" --sender "$MEMBER" --to "cme@$DOMAIN" --authserv-id "$AUTHSERV" \
    --sign "$WORK/member.key" >"$WORK/signed.eml"
"$PYTHON" "$HERE/certificate_mail.py" --sender "$MEMBER" --to "cme@$DOMAIN" --authserv-id "$AUTHSERV" \
    --forge >"$WORK/forged.eml"

[ "$(deliver "$WORK/signed.eml" "cme@$DOMAIN")" = 0 ] || { cat "$WORK/swaks.log"; fail "the signed certificate was refused"; }
say "signed certificate accepted by Postfix"
code=$(deliver "$WORK/signed.eml" "cme+nobody@$DOMAIN")
grep -q "<\*\* *550" "$WORK/swaks.log" && [ "$code" != 0 ] \
    || { tail -20 "$WORK/swaks.log"; fail "an unknown recipient was not refused with 550 at RCPT"; }
say "unknown recipient refused at RCPT (550)"
# Wait for the signed one to be answered before the forged one comes: one reply each, in order.
wait_replies() {  # wait_replies N
    for _ in $(seq 1 $((DEADLINE * 10))); do
        [ "$(find "$WORK/bot/outbox" -name '*.eml' 2>/dev/null | wc -l)" -ge "$1" ] && return 0
        sleep 0.1
    done
    tail -30 "$WORK/bot.log"; tail -30 "$WORK/postfix.log"; fail "cmebot wrote fewer than $1 replies"
}
wait_replies 1
# The forger's envelope is their own domain: OpenDMARC passes SPF for any loopback client, so
# here only a domain that isn't the From domain shows a forgery (SPF passes for the forger's
# own domain, which isn't aligned with the member's). On the Internet SPF decides for itself.
[ "$(deliver "$WORK/forged.eml" "cme@$DOMAIN" mallory@evil.test)" = 0 ] || { cat "$WORK/swaks.log"; fail "the forged mail was refused"; }
say "forged certificate accepted by Postfix"
wait_replies 2

replies=("$WORK"/bot/outbox/*.eml)
grep -q "Recorded #1" "${replies[0]}" || { cat "${replies[0]}"; fail "the signed certificate was not recorded"; }
say "signed certificate recorded (Recorded #1)"
grep -q "Please confirm your address" "${replies[1]}" \
    || { cat "${replies[1]}"; fail "the forged certificate did not get a confirmation request"; }
"$CMEBOT" report --member "$MEMBER" --period current --format csv -o "$WORK/report.csv" >/dev/null
[ "$(grep -c "Flap Salvage" "$WORK/report.csv")" = 1 ] \
    || { cat "$WORK/report.csv"; fail "the record does not hold exactly one entry"; }
say "forged certificate not recorded (held; a confirmation request went to the real address)"
queued=$(postqueue -c "$WORK/etc" -p 2>/dev/null | grep -c '^[0-9A-F]' || true)
[ "$queued" = 0 ] || { postqueue -c "$WORK/etc" -p; fail "Postfix holds $queued messages (bounces?)"; }
say "nothing left in Postfix's queue (no bounce)"
say "all good"
