# run-guests-check.sh: sourced by tools/run-guests: the checks, run here on
# what came back from the runs in $out: exit status, expect/reject lines
# (with {target} and {sym:NAME} replaced), VM exit reasons, ping answers,
# cores (run-guests-core.sh).
# check_runs prints PASS or FAIL (with why and the output) per test and
# counts them in pass and fail.

sym() { # sym IMAGE NAME -> 0x%016x
    local a
    a=$(nm "$1" 2>/dev/null | awk -v s="$2" '$3 == s { print $1; exit }')
    [ -n "$a" ] && printf '0x%016x' "0x$a" || echo "{missing symbol $2}"
}
subst() { # replace {target} and {sym:NAME} in $1 for image $2
    local re=${1//\{target\}/$target} img=$2 s
    while [[ $re =~ \{sym:([A-Za-z0-9_.]+)\} ]]; do
        s=${BASH_REMATCH[1]}
        re=${re//\{sym:$s\}/$(sym "$img" "$s")}
    done
    printf '%s' "$re"
}

check_runs() {
    pass=0 fail=0
    for t in "${names[@]}"; do
        why=()
        img=$images/${T_IMAGE[$t]}.$ext
        clean=$out/$t.clean
        want=${T_STATUS[$t]}
        [ $host = qemu ] && want=$(( ((want << 1) | 1) & 255 ))
        if [ ! -f "$out/$t.rc" ]; then
            why+=("did not run (no status came back)")
        else
            tr -cd '\11\12\15\40-\176' < "$out/$t.out" | tr -d '\r' > "$clean"
            rc=$(cat "$out/$t.rc")
            [ "$rc" = "$want" ] || why+=("exit status $rc, expected $want")
            while IFS= read -r re; do
                [ -n "$re" ] || continue
                re=$(subst "$re" "$img")
                grep -Eq -- "$re" "$clean" || why+=("no line matches: $re")
            done <<< "${T_EXPECT[$t]:-}"
            while IFS= read -r re; do
                [ -n "$re" ] || continue
                re=$(subst "$re" "$img")
                grep -Eq -- "$re" "$clean" && why+=("a line matches rejected: $re")
            done <<< "${T_REJECT[$t]:-}"
            if [ -n "${T_EXITS[$t]:-}" ]; then
                seen=$(sed -n 's/^vmm: stats:   \([^ ].*[^ ]\) \{2,\}[0-9][0-9]*$/\1/p' "$clean" | sort | tr '\n' ' ')
                wantx=$(tr ' ' '\n' <<< "${T_EXITS[$t]}" | sed '/^$/d' | sort | tr '\n' ' ')
                [ "$seen" = "$wantx" ] || why+=("VM exits by reason were [${seen% }], expected exactly [${wantx% }]")
            fi
            [ -n "${T_DUMPCORE[$t]:-}" ] && check_core "$t" "$img"
            if [ -n "${T_PING[$t]:-}" ] &&
                ! grep -Eq "${T_PING[$t]} (packets )?received" "$out/$t.ping" 2>/dev/null; then
                why+=("ping: not all ${T_PING[$t]} echo requests answered: $(tr '\n' ' ' < "$out/$t.ping" 2>/dev/null)")
            fi
        fi
        if [ ${#why[@]} -eq 0 ]; then
            echo "PASS $t"
            pass=$((pass + 1))
        else
            echo "FAIL $t"
            for w in "${why[@]}"; do echo "     $w"; done
            echo "     --- output ($out/$t.out) ---"
            sed 's/^/     | /' "$clean" 2>/dev/null | head -n 40
            fail=$((fail + 1))
        fi
    done
}
