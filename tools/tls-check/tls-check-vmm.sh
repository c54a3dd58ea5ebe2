# tls-check-vmm.sh: sourced by tls-check-run: the columns vmm runs, T/vmm
# (directly on /dev/kvm, or in the KVM box without one) and T/vmm-box (in
# the KVM box): the script of their runs (with the switch loop, without,
# and with the wrmsr loop), started here (direct_part) or in one box boot
# (box_part), and each column's result file from what the runs left.

# vmm_script FILE NA-WHY COLUMN...: the runs of those columns, each named
# after its column (hvt/vmm-box: hvt-vmm-box, hvt-vmm-box-base,
# hvt-vmm-box-wrmsr); NA-WHY is what the result says when KVM's own count
# cannot be taken.
vmm_script() {
    local file=$1 na=$2 c t n; shift 2
    {
        echo 'VMM=${VMM:?}; IMG=${IMG:?}; OUT=${OUT:?}'
        printf "NA='%s'\n" "$na"
        # KVM's own count of VM exits, those it handles in the kernel
        # included: the kvm_exit tracepoint's events (entries + overrun), in
        # the KVM box only (TRACE_KVM=yes), where no other VM runs.
        cat <<'EOF'
T=/sys/kernel/tracing
if [ "${TRACE_KVM:-no}" = yes ] && [ ! -d $T/events ]; then
    mkdir -p $T && mount -t tracefs nodev $T 2>/dev/null
fi
traced() { [ "${TRACE_KVM:-no}" = yes ] && [ -w $T/events/kvm/kvm_exit/enable ]; }
trace_start() {
    echo 0 > $T/tracing_on; echo > $T/trace
    echo 1 > $T/events/kvm/kvm_exit/enable; echo 1 > $T/tracing_on
}
trace_stop() { # NAME: the count, and the reasons for people
    echo 0 > $T/tracing_on
    n=0
    for f in $T/per_cpu/cpu*/stats; do
        e=$(sed -n 's/^entries: //p' $f) o=$(sed -n 's/^overrun: //p' $f)
        n=$((n + e + o))
    done
    echo $n > "$OUT/$1.kvm"
    grep -o 'reason [A-Za-z_0-9]*' $T/trace | sort | uniq -c > "$OUT/$1.kvm-reasons"
}
one() { # NAME TARGET IMAGE GUEST-ARGS...: one vmm run
    name=$1 target=$2 image=$3
    shift 3
    traced && trace_start
EOF
        echo "    timeout -s KILL $per_run \"\$VMM\" run --stats --target=\$target \"\$IMG/\$image\" \"\$@\" > \"\$OUT/\$name.out\" 2>&1 < /dev/null"
        cat <<'EOF'
    echo $? > "$OUT/$name.st"
    if traced; then trace_stop $name; else echo "n/a $NA" > "$OUT/$name.kvm"; fi
    sed -n 's/^vmm: stats: vm exits: //p' "$OUT/$name.out" > "$OUT/$name.exits"
}
EOF
        for c in "$@"; do
            t=${c%/*} n=${c/\//-}
            echo "one $n $t tls.$(ext "$t") switches=$switches"
            echo "one $n-base $t tls.$(ext "$t") switches=0"
            echo "one $n-wrmsr $t tls.$(ext "$t") switches=0 wrmsr_loop=$switches"
        done
        echo 'exit 0'
    } > "$file"
}

# vmm_results DIR COLUMN...: OUT/T-H.result from what the script left in DIR
vmm_results() {
    local d=$1 c n r k kb kw; shift
    for c in "$@"; do
        n=${c/\//-}
        if [ ! -f "$d/$n.st" ]; then
            fail "$c" "the vmm run left no status"
            continue
        fi
        if [ "$d" != "$out" ]; then
            for r in "$n" "$n-base" "$n-wrmsr"; do
                cp "$d/$r.out" "$out/" 2>/dev/null
                cp "$d/$r.kvm-reasons" "$out/" 2>/dev/null
            done
        fi
        {
            echo "status $(cat "$d/$n.st")"
            echo "switches $switches"
            echo "exits_loop $(cat "$d/$n.exits")"
            echo "exits_base $(cat "$d/$n-base.exits")"
            echo "wrmsr_exits_loop $(cat "$d/$n-wrmsr.exits")"
            k=$(cat "$d/$n.kvm") kb=$(cat "$d/$n-base.kvm")
            kw=$(cat "$d/$n-wrmsr.kvm")
            case "$k $kb $kw" in
            *n/a*) echo "kvm n/a ${k#n/a }" ;;
            *) echo "kvm_exits_loop $k"; echo "kvm_exits_base $kb"
               echo "kvm_wrmsr_exits_loop $kw" ;;
            esac
        } > "$out/$n.result"
        STATE[$c]=ran
    done
}

# The state goes back to the parent shell through a file.
save_state() { # FILE COLUMN...
    local f=$1 c; shift
    for c in "$@"; do echo "$c ${STATE[$c]} ${WHY[$c]:-}"; done > "$f"
}

direct_part() {
    echo "tls-check-run: ${#direct_cols[@]} vmm columns directly on /dev/kvm (${kvm_kind:-kvm})"
    VMM=$vmm IMG=$out/img OUT=$out sh "$out/vmm-direct.sh" > "$out/vmm-direct.log" 2>&1
    vmm_results "$out" "${direct_cols[@]}"
    save_state "$out/vmm-direct.state" "${direct_cols[@]}"
}

box_part() {
    local why=""
    [ $kvm_here = yes ] || why=" (no usable /dev/kvm here)"
    echo "tls-check-run: ${#box_cols[@]} vmm columns in one KVM box boot$why"
    printf 'chmod +x /box/vmm\nTRACE_KVM=yes VMM=/box/vmm IMG=/box/img OUT=$BOX_OUT sh /box/vmm-runs.sh\n' \
        > "$out/box.sh"
    "$kvmbox" --out "$out/box" --timeout $((120 + 3 * ${#box_cols[@]} * per_run)) \
        --file "$vmm:vmm" --file "$out/img:img" --file "$out/vmm-box.sh:vmm-runs.sh" \
        "$out/box.sh" > "$out/box.log" 2>&1
    vmm_results "$out/box" "${box_cols[@]}"
    save_state "$out/vmm-box.state" "${box_cols[@]}"
}
