#!/bin/bash
# make install into a DESTDIR: every file where it belongs with its mode,
# paths rewritten for another PREFIX and SYSCONFDIR, files an operator
# edits kept on reinstall; the installed sysusers.d and tmpfiles.d files
# give the user and the database directory (applied to the DESTDIR with
# --root); the systemd unit passes systemd-analyze verify and security;
# and the daemon runs as the unit runs it (its capability bounding set, no
# new privileges): every capability of the set is needed, and together
# they serve a real client.
TEST_NAME=install
. "$(dirname "$0")/lib.sh"
require_tools ip udhcpc sqlite3 setpriv

ROOT=$WORK/root
install_to() {	# DESTDIR [make variables]
	local dest=$1
	shift
	make -s -C "$TOP" BUILD="${BUILD:-build}" install DESTDIR="$dest" "$@" \
		> "$WORK/install.log" 2>&1 || fail "make install $*: $(tail -5 "$WORK/install.log")"
}

say "make install DESTDIR=... PREFIX=/usr"
install_to "$ROOT" PREFIX=/usr
while read -r mode f; do
	if [ -f "$ROOT/$f" ]; then
		expect_eq "$f" "$(stat -c %a "$ROOT/$f")" "$mode"
	else
		fail "$f not installed"
	fi
done <<EOF
755 usr/sbin/statichcpd
755 usr/sbin/statichcpd-ctl
644 usr/share/statichcpd/schema.sql
644 usr/share/statichcpd/default_attr.csv
644 usr/share/statichcpd/default_v6attr.csv
644 usr/share/man/man8/statichcpd.8
644 usr/share/man/man5/statichcpd.conf.5
644 usr/share/man/man5/statichcpd-db.5
644 etc/statichcpd/statichcpd.conf
644 etc/default/statichcpd
755 etc/init.d/statichcpd
644 usr/lib/systemd/system/statichcpd.service
644 usr/lib/sysusers.d/statichcpd.conf
644 usr/lib/tmpfiles.d/statichcpd.conf
EOF
for pair in "build/statichcpd usr/sbin/statichcpd" \
    "contrib/controller/statichcpd-ctl usr/sbin/statichcpd-ctl" \
    "contrib/init.d/statichcpd etc/init.d/statichcpd" \
    "contrib/systemd/statichcpd.service usr/lib/systemd/system/statichcpd.service" \
    "contrib/statichcpd.conf etc/statichcpd/statichcpd.conf" \
    "contrib/default/statichcpd etc/default/statichcpd"; do
	set -- $pair
	src=$1
	[ "$src" = build/statichcpd ] && src=${BUILD:-build}/statichcpd
	cmp -s "$TOP/$src" "$ROOT/$2" || fail "$2 differs from $src"
done
"$ROOT/usr/sbin/statichcpd" -V > /dev/null || fail "installed binary does not run"
sh "$ROOT/etc/init.d/statichcpd" frobnicate > /dev/null 2>&1
expect_eq "installed init script, unknown action" $? 2
expect_eq "installed controller" "$(sh "$ROOT/usr/sbin/statichcpd-ctl" key-from-duid 0003000102000000001a)" \
	3102000000001a

say "reinstall keeps what the operator edited, replaces the rest"
echo "# operator's edit" >> "$ROOT/etc/statichcpd/statichcpd.conf"
echo "DAEMON_OPTS=\"-v\"" >> "$ROOT/etc/default/statichcpd"
echo "# stale" >> "$ROOT/etc/init.d/statichcpd"
install_to "$ROOT" PREFIX=/usr
grep -q "operator's edit" "$ROOT/etc/statichcpd/statichcpd.conf" ||
	fail "install overwrote an existing configuration"
grep -q 'DAEMON_OPTS="-v"' "$ROOT/etc/default/statichcpd" ||
	fail "install overwrote an existing /etc/default/statichcpd"
cmp -s "$TOP/contrib/init.d/statichcpd" "$ROOT/etc/init.d/statichcpd" ||
	fail "the init script was not replaced"

say "another PREFIX and SYSCONFDIR: the installed files name them"
OPT=$WORK/opt
install_to "$OPT" PREFIX=/opt/shd SYSCONFDIR=/opt/shd/etc
# that rebuilt the tree's binary with /opt/shd paths: build it back, or
# whoever runs build/statichcpd next gets /opt/shd defaults
make -s -C "$TOP" BUILD="${BUILD:-build}" all > "$WORK/rebuild.log" 2>&1 ||
	fail "rebuilding with the default paths: $(tail -5 "$WORK/rebuild.log")"
INITD=$OPT/opt/shd/etc/init.d/statichcpd
UNIT=$OPT/opt/shd/lib/systemd/system/statichcpd.service
[ -x "$OPT/opt/shd/sbin/statichcpd" ] || fail "binary not in /opt/shd/sbin"
[ -f "$OPT/opt/shd/etc/default/statichcpd" ] || fail "no /opt/shd/etc/default/statichcpd"
grep -q '^DAEMON=${DAEMON:-/opt/shd/sbin/statichcpd}$' "$INITD" || fail "init script: DAEMON"
grep -q '^STATICHCPD_DEFAULTS=${STATICHCPD_DEFAULTS:-/opt/shd/etc/default/statichcpd}$' "$INITD" ||
	fail "init script: defaults file"
grep -q '^ExecStart=/opt/shd/sbin/statichcpd \$DAEMON_OPTS' "$UNIT" || fail "unit: ExecStart"
grep -q '^EnvironmentFile=-/opt/shd/etc/default/statichcpd$' "$UNIT" || fail "unit: EnvironmentFile"
defaults='(^|[^[:alnum:]_.])/(usr/sbin|etc/default)/statichcpd'
grep -Eq "$defaults" "$INITD" "$UNIT" &&
	fail "default paths left: $(grep -En "$defaults" "$INITD" "$UNIT")"

if command -v systemd-sysusers >/dev/null && command -v systemd-tmpfiles >/dev/null; then
	say "sysusers.d and tmpfiles.d, applied to the DESTDIR"
	systemd-sysusers --root="$ROOT" > "$WORK/sysusers.out" 2>&1 || fail "systemd-sysusers: $(cat "$WORK/sysusers.out")"
	pw=$(grep '^statichcpd:' "$ROOT/etc/passwd")
	[ -n "$pw" ] || fail "no statichcpd user in the DESTDIR"
	expect_eq "user's shell" "${pw##*:}" /usr/sbin/nologin
	gid=$(awk -F: '$1 == "statichcpd" {print $3}' "$ROOT/etc/group")
	systemd-tmpfiles --root="$ROOT" --create > "$WORK/tmpfiles.out" 2>&1 ||
		fail "systemd-tmpfiles: $(cat "$WORK/tmpfiles.out")"
	expect_eq "database directory" "$(stat -c '%u %g %a' "$ROOT/var/lib/statichcpd" 2>&1)" "0 $gid 2750"
else
	say "no systemd-sysusers/systemd-tmpfiles: not checked"
fi

if command -v systemd-analyze >/dev/null; then
	say "the unit passes systemd-analyze verify and security"
	# the installed unit, with the binary of the DESTDIR
	mkdir -p "$WORK/unit"
	sed "s|/usr/sbin/statichcpd|$ROOT/usr/sbin/statichcpd|g" \
		"$ROOT/usr/lib/systemd/system/statichcpd.service" > "$WORK/unit/statichcpd.service"
	MANPATH=$ROOT/usr/share/man systemd-analyze verify "$WORK/unit/statichcpd.service" \
		> "$WORK/verify.out" 2>&1 || fail "systemd-analyze verify: $(cat "$WORK/verify.out")"
	[ -s "$WORK/verify.out" ] && fail "systemd-analyze verify warns: $(cat "$WORK/verify.out")"
	systemd-analyze security --offline=yes --threshold=40 "$WORK/unit/statichcpd.service" \
		> "$WORK/security.out" 2>&1 ||
		fail "exposure above 4.0: $(grep Overall "$WORK/security.out")"
	say "$(grep -o 'Overall exposure level.*' "$WORK/security.out")"
else
	say "no systemd-analyze: unit not verified"
fi

say "the daemon as the unit runs it: bounding set and no_new_privs"
UNIT=$ROOT/usr/lib/systemd/system/statichcpd.service
caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$UNIT")
grep -q '^NoNewPrivileges=yes$' "$UNIT" || fail "unit without NoNewPrivileges=yes"
# the set the monitor checks for at start (monitor/caps.c), in any order
want=$(sed -n '/startup_caps\[\] = {/,/};/p' "$TOP/monitor/caps.c" |
	grep -o 'CAP_[A-Z_]*' | sort | tr '\n' ' ')
expect_eq "unit's capabilities" "$(printf '%s\n' $caps | sort | tr '\n' ' ')" "$want"
setpriv_caps() {	# "CAP_A CAP_B" -> "-all,+a,+b"
	local c out=-all
	for c in $1; do c=${c#CAP_}; out="$out,+${c,,}"; done
	echo "$out"
}
IBIN=$ROOT/usr/sbin/statichcpd
MAC1=02:00:00:00:00:10
setup_namespaces
setup_db_dir
write_conf
init_db
make_link s0 c0 $MAC1
ip -n "$SRV" addr add 192.0.2.1/24 dev s0
ctl add-client s0 $MAC1 192.0.2.10 --mask 255.255.255.0 || fail "add-client exited $?"
for c in $caps; do
	ip netns exec "$SRV" setpriv --no-new-privs --inh-caps=-all \
		--bounding-set="$(setpriv_caps "${caps/$c/}")" \
		"$IBIN" -f -c "$CONF" > "$WORK/without" 2>&1
	rc=$?
	if [ $rc = 1 ] && grep -qi "${c#CAP_}" "$WORK/without"; then
		say "ok: without $c: refused"
	else
		fail "without $c: exit $rc: $(cat "$WORK/without")"
	fi
done
ip netns exec "$SRV" setpriv --no-new-privs --inh-caps=-all \
	--bounding-set="$(setpriv_caps "$caps")" "$IBIN" -f -v -c "$CONF" >>"$LOG" 2>&1 &
DAEMON_PID=$!
wait_until 10 'grep -q "started responder" "$LOG"' || die "daemon did not start under the unit's privileges"
wait_served s0
expect_eq "monitor's no_new_privs" "$(awk '/^NoNewPrivs:/ {print $2}' "/proc/$DAEMON_PID/status")" 1
udhcpc_run c0 "$WORK/h1" || fail "udhcpc exited $?"
expect_eq "lease under the unit's privileges" "$(hook_val "$WORK/h1" ip)" 192.0.2.10
grep -q "responder_drop_privileges: chroot $DBDIR, uid" "$LOG" || fail "responder did not drop privileges"

finish
