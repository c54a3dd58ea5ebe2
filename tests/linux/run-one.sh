# run-one.sh: one boot of the Linux test guest (tests/linux/linux-boot runs
# it in a network namespace of its own here, or inside the KVM box; busybox
# sh will do). Usage: sh run-one.sh OUT LIMIT NET DISK COMMAND...
#
# NET yes: the tap vmmlx0 (host 10.0.9.1/24, the guest 10.0.9.2) is made
# for COMMAND first, and pinged 3 times once the guest says its eth0 is up.
# DISK is the test disk (a tar archive holding host.txt). COMMAND's stdin
# gets the line "typed by the host" once the guest asks for console input. COMMAND's stdout
# (the guest's console) goes to OUT/console, its stderr to OUT/stderr; then
# OUT/status (its exit status), OUT/seconds (exec to exit), OUT/timedout
# when LIMIT seconds ran out and COMMAND was killed, OUT/ping (ping's
# output and status), OUT/guest.txt (read back from DISK), OUT/marks (when
# each "linux-test: KEY" line was first seen: "SECONDS KEY", seconds from
# exec, in 0.2 s steps), OUT/host-cpu (this machine's CPU model name).
out=$1 limit=$2 net=$3 disk=$4
shift 4
rm -f "$out/timedout" "$out/ping" "$out/guest.txt" "$out/marks"
# the CPU of the machine the boot runs on, as its own Linux names it
sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1 > "$out/host-cpu"
if [ "$net" = yes ]; then
    if command -v tunctl >/dev/null; then tunctl -t vmmlx0 >/dev/null
    else ip tuntap add vmmlx0 mode tap; fi
    ip addr add 10.0.9.1/24 dev vmmlx0
    ip link set vmmlx0 up
fi
now() { cut -d ' ' -f 1 /proc/uptime; }
t0=$(now)
: > "$out/console"
# COMMAND's stdin (COM1's input): a FIFO this script holds open both
# ways, so that COMMAND sees no end of input until the line is typed
rm -f "$out/stdin.fifo"
mkfifo "$out/stdin.fifo"
exec 3<> "$out/stdin.fifo"
"$@" > "$out/console" 2> "$out/stderr" <&3 &
pid=$!
# the watchdog; its sleep goes with it (nor may it hold a caller's pipe)
(
    trap 'kill $s 2>/dev/null; exit 0' TERM
    sleep "$limit" & s=$!
    wait $s
    kill -TERM $pid 2>/dev/null && echo "$limit" > "$out/timedout"
    sleep 5 & s=$!
    wait $s
    kill -KILL $pid 2>/dev/null
) > /dev/null 2>&1 < /dev/null &
dog=$!
pinged=no typed=no
# The "linux-test: KEY..." lines not yet in OUT/marks, as "SECONDS KEY".
marks() {
    tr -d '\r' < "$out/console" | awk -v t="$(awk "BEGIN { print $(now) - $t0 }")" \
        -v f="$out/marks" 'BEGIN { while ((getline l < f) > 0) { sub(/^[^ ]* /, "", l); seen[l] = 1 } }
        /^linux-test: / { k = substr($0, 13); sub(/:.*/, "", k)
                          if (!(k in seen)) { seen[k] = 1; print t, k } }' >> "$out/marks"
}
# Until it exits: note the guest's lines as they come; ping when eth0 is up.
while kill -0 $pid 2>/dev/null; do
    marks
    if [ $typed = no ] && grep -q '^linux-test: console input, please' "$out/console"; then
        typed=yes
        printf 'typed by the host\n' >&3
    fi
    if [ $pinged = no ] && [ "$net" = yes ] &&
        grep -q '^linux-test: eth0 up' "$out/console"; then
        pinged=yes
        ( ping -c 3 -w 30 10.0.9.2 > "$out/ping" 2>&1; echo "status $?" >> "$out/ping" ) &
    fi
    sleep 0.2
done
wait $pid
echo $? > "$out/status"
awk "BEGIN { print $(now) - $t0 }" > "$out/seconds"
kill $dog 2>/dev/null
exec 3>&-
rm -f "$out/stdin.fifo"
marks
wait
tar -xOf "$disk" guest.txt > "$out/guest.txt" 2>/dev/null
[ "$net" = yes ] && ip link del vmmlx0 2>/dev/null
exit 0
