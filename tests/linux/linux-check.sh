# linux-check.sh: the checks of tests/linux/linux-boot (sourced), on what
# one host's run left in its directory (tests/linux/run-one.sh says what).
# check_host HOST DIR prints one line per failed expectation, then PASS or
# FAIL; a failed vmm boot also shows how far Linux got and what vmm
# likely lacks.

# The lines /init prints, as extended regular expressions ($KVER: the
# kernel's release).
expected_lines() {
    cat <<LINES
^linux-test: /init started$
^linux-test: uname -r: ${KVER//./\\.}$
^linux-test: cpu: model name[[:space:]]*: .+
^linux-test: vda: present$
^linux-test: eth0: present$
^linux-test: disk read: written by the host$
^linux-test: disk written$
^linux-test: console read: typed by the host$
^linux-test: eth0 up: 10\.0\.9\.2/24$
^linux-test: ping: [3-9] echo requests answered$
^linux-test: powering off$
LINES
}

# The time a "linux-test: KEY" line was first seen (run-one.sh's marks).
mark_time() { sed -n "s|^\([0-9.]*\) $2\$|\1|p" "$1/marks" 2>/dev/null | head -n 1; }

# What a failed vmm boot shows: the last console lines, vmm's own lines,
# and the parts of issue 13 (item 2) that such a stop points at.
how_far() {
    local dir=$1 console=$1/console.txt err=$1/stderr
    echo "  how far Linux got: the last console lines:"
    tail -n 12 "$console" | sed 's/^/    | /'
    grep '^vmm: ' "$err" 2>/dev/null | grep -v ': target \|PVH: \|registers:\|stats:' |
        head -n 3 | sed 's/^/  vmm said: /'
    {
        grep -q "byte(s) at I/O port 0xcf[89a-f]," "$err" 2>/dev/null &&
            echo "PCI configuration byte and word accesses (pc/host_pci.c)"
        grep "which no device serves" "$err" 2>/dev/null | grep -qv "port 0xcf[89a-f]," &&
            echo "unserved I/O ports reading all-ones, writes ignored (pc/host_io.c)"
        if grep -q 'Run /init as init process' "$console" &&
            ! grep -q '^linux-test: /init started$' "$console"; then
            echo "COM1 transmit interrupts: a 16550 with THRE, IER, IIR on IRQ 4 (pc/host_uart.c); Linux's 8250 driver stops after 16 bytes without them"
        fi
        grep -q '^linux-test: \(vda\|eth0\): missing' "$console" &&
            echo "a DSDT with a PCI root bridge and a MADT, so that Linux finds the virtio-PCI devices (pc/host_acpi.c)"
        [ -f "$dir/timedout" ] && grep -q '^linux-test: powering off' "$console" &&
            echo "an ACPI power-off that Linux uses (FADT, PM1 registers: pc/host_acpi.c)"
    } | sed 's/^/  likely missing on this branch: /'
}

# Failed expectations, printed under the verdict.
notes=""
note() { notes+="  $*"$'\n'; bad=1; }

# A kvm_pvm host: vmm stops with 252 and a line naming kvm_pvm, in time.
check_pvm() {
    local dir=$1 st secs
    st=$(cat "$dir/status" 2>/dev/null) secs=$(cat "$dir/seconds" 2>/dev/null)
    [ -f "$dir/timedout" ] && note "no stop within ${PVM_BOUND} s: vmm was killed"
    [ "$st" = 252 ] || note "status ${st:-none}, expected 252"
    grep -q "^vmm: this host's KVM is kvm_pvm, and it cannot run the guest" \
        "$dir/stderr" 2>/dev/null || note "no line naming kvm_pvm on vmm's stderr"
}

# The acpi=off boot (vmm-box): Linux halts for good after /init's
# power-off ("reboot: System halted"); vmm stops it with 252, not hangs.
check_acpi_off() {
    local dir=$1
    tr -d '\r' < "$dir/console" > "$dir/console.txt" 2>/dev/null
    grep -q '^linux-test: powering off$' "$dir/console.txt" ||
        note "acpi=off: /init did not reach its power-off ($dir/console.txt)"
    grep -q 'reboot: System halted' "$dir/console.txt" ||
        note "acpi=off: no \"reboot: System halted\" from Linux"
    [ -f "$dir/timedout" ] && note "acpi=off: vmm still running after $(cat "$dir/timedout") s: killed"
    [ "$(cat "$dir/status" 2>/dev/null)" = 252 ] ||
        note "acpi=off: exit status $(cat "$dir/status" 2>/dev/null), expected 252"
    grep -q '^vmm: guest halted the CPU with interrupts disabled' "$dir/stderr" 2>/dev/null ||
        note "acpi=off: vmm did not say the guest halted with interrupts disabled"
}

check_host() {
    local h=$1 dir=$2 bad=0 st
    if [ -f "$dir/skip" ]; then
        echo "linux-boot: $h: SKIP: $(cat "$dir/skip")"
        return 0
    fi
    if [ -f "$dir/error" ]; then
        echo "linux-boot: $h: FAIL: $(cat "$dir/error")"
        return 1
    fi
    tr -d '\r' < "$dir/console" > "$dir/console.txt" 2>/dev/null
    notes=""
    if [ "$h" = vmm ] && [ "$(cat "$dir/kvm" 2>/dev/null)" = kvm_pvm ]; then
        check_pvm "$dir"
        local why secs
        why=$(grep -h "^vmm: this host's KVM is kvm_pvm" "$dir/stderr" 2>/dev/null | head -n 1)
        secs=$(cat "$dir/seconds" 2>/dev/null)
        echo "linux-boot: vmm (kvm_pvm): $([ $bad = 0 ] && echo PASS || echo FAIL):" \
            "stopped with ${st:-$(cat "$dir/status" 2>/dev/null)} after ${secs:-?} s (bound ${PVM_BOUND} s)"
        [ -n "$why" ] && echo "  $why"
        printf %s "$notes"
        [ $bad = 0 ] || how_far "$dir"
        return $bad
    fi
    while IFS= read -r re; do
        grep -Eq "$re" "$dir/console.txt" || note "no line matches: $re"
    done < <(expected_lines)
    # vmm passes the host CPU's identity through (brand string included),
    # as QEMU's -cpu host does; QEMU TCG shows its own model's
    if [ "$h" != qemu ]; then
        local want
        want=$(cat "$dir/host-cpu" 2>/dev/null)
        grep -qxF "linux-test: cpu: model name	: $want" "$dir/console.txt" ||
            note "the guest's CPU model name is not the host's ($want)"
    fi
    [ "$(cat "$dir/guest.txt" 2>/dev/null)" = "written by the guest" ] ||
        note "the disk does not hold the guest's guest.txt afterwards"
    grep -q '^status 0$' "$dir/ping" 2>/dev/null || note "10.0.9.2 did not answer 3 pings"
    [ -f "$dir/timedout" ] && note "still running after $(cat "$dir/timedout") s: killed"
    st=$(cat "$dir/status" 2>/dev/null)
    [ "$st" = 0 ] || note "exit status ${st:-none}, expected 0 (power-off)"
    [ "$h" = vmm-box ] && check_acpi_off "$dir/acpi-off"
    local init off
    init=$(mark_time "$dir" "/init started") off=$(cat "$dir/seconds" 2>/dev/null)
    if [ $bad = 0 ]; then
        echo "linux-boot: $h: PASS (/init after ${init:-?} s, power-off after ${off:-?} s)"
        [ "$h" = vmm-box ] && echo "  acpi=off: halted for good, vmm stopped it with 252 after $(cat "$dir/acpi-off/seconds") s"
        return 0
    fi
    echo "linux-boot: $h: FAIL (console: $dir/console.txt, stderr: $dir/stderr)"
    printf %s "$notes"
    [ "$h" = qemu ] || how_far "$dir"
    return 1
}
