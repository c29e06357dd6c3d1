# Shared by the bench scripts that send mail: a private Postfix instance,
# postfix-kithbench, that takes mail from this machine only, on
# 127.0.0.1:$SMTP_PORT (2525 unless set), and discards all of it. It is a
# second instance beside the machine's own Postfix (postmulti), whose
# set-up it leaves alone but for three lines in /etc/postfix/main.cf
# (multi_instance_enable, _wrapper, _directories, from `postmulti -e init`
# and `-e create`). The instance stays disabled there, so starting the
# machine's Postfix does not start it; this script starts it itself.
# Installs Postfix from Debian's packages when it is missing, makes the
# instance the first time, sets it up again each time, starts it when it
# is not running and leaves it running (stop it with
# `postfix -c /etc/postfix-kithbench stop`). Needs root. Sets SMTP_PORT
# and POSTFIX_LOG (the instance's own log file).
postfix_name=postfix-kithbench
postfix_dir=/etc/$postfix_name
SMTP_PORT=${SMTP_PORT:-2525}
POSTFIX_LOG=/var/log/$postfix_name.log

if ! command -v postconf >/dev/null 2>&1; then
    echo "postfix: installing Postfix" >&2
    export DEBIAN_FRONTEND=noninteractive
    # No set-up of the machine's own mail: only the bench's instance runs.
    echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
    apt-get update -qq >&2
    apt-get install -y -qq postfix >&2
fi
# "No configuration" leaves the default instance without a main.cf, which
# postmulti needs; an empty one means Postfix's defaults, never started.
[ -f /etc/postfix/main.cf ] || touch /etc/postfix/main.cf
if [ "$(postconf -h multi_instance_enable)" != yes ]; then
    postmulti -e init
fi
if ! postmulti -l | awk '{print $1}' | grep -qx "$postfix_name"; then
    postmulti -I "$postfix_name" -e create
fi

# Everything is discarded: no domain is local, every transport is
# discard, only 127.0.0.0/8 may send. No TLS, no chroot (nothing to copy
# into one), no reverse look-up of the client.
postconf -c "$postfix_dir" -e \
    'master_service_disable =' \
    'inet_interfaces = 127.0.0.1' \
    'inet_protocols = ipv4' \
    'myhostname = kithbench.localdomain' \
    'mydestination =' \
    'local_recipient_maps =' \
    'alias_maps =' \
    'alias_database =' \
    'mynetworks = 127.0.0.0/8' \
    'smtpd_relay_restrictions = permit_mynetworks, reject' \
    'smtpd_tls_security_level = none' \
    'smtp_tls_security_level = none' \
    'smtpd_peername_lookup = no' \
    'default_transport = discard' \
    'relay_transport = discard' \
    'local_transport = discard' \
    'virtual_transport = discard' \
    "maillog_file = $POSTFIX_LOG"
# One SMTP listener, on the bench's port only.
for service in $(postconf -c "$postfix_dir" -M '*/inet' 2>/dev/null | awk '$8 == "smtpd" {print $1}'); do
    postconf -c "$postfix_dir" -MX "$service/inet"
done
postconf -c "$postfix_dir" -M "127.0.0.1:$SMTP_PORT/inet = 127.0.0.1:$SMTP_PORT inet n - n - - smtpd"
postconf -c "$postfix_dir" -F '*/*/chroot = n'

if postfix -c "$postfix_dir" status >/dev/null 2>&1; then
    postfix -c "$postfix_dir" reload >/dev/null 2>&1
else
    echo "postfix: starting $postfix_name on 127.0.0.1:$SMTP_PORT (left running)" >&2
    postfix -c "$postfix_dir" start >/dev/null 2>&1
fi
postfix_ready=
for _ in $(seq 1 50); do
    (exec 3<>"/dev/tcp/127.0.0.1/$SMTP_PORT") 2>/dev/null && { postfix_ready=1; break; }
    sleep 0.1
done
[ -n "$postfix_ready" ] ||
    { echo "postfix: $postfix_name does not answer on 127.0.0.1:$SMTP_PORT (see $POSTFIX_LOG)" >&2; exit 1; }
touch "$POSTFIX_LOG"
