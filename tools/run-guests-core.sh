# run-guests-core.sh: sourced by tools/run-guests: the checks of a run with
# `dumpcore:` (vmm run --dumpcore=DIR, DIR made fresh for it), on what came
# back in $out: NAME.dumpcore.ls (DIR's files after the run) and
# NAME.core.gz (the core). check_core adds its failures to why[].
#
#   dumpcore: yes  vmm said "vmm: core dumped to DIR/core.vmm.PID", DIR
#                  holds that one file, and readelf finds an ELF64 core for
#                  x86-64 with an NT_PRSTATUS note and a PT_LOAD at
#                  guest-physical 0 as long as guest memory (--mem of the
#                  vmm: directive, else 512 MiB); every `core: EXPR = V`
#                  holds in `gdb -batch IMAGE CORE` (EXPR as an unsigned
#                  long, V after {sym:NAME} replacement, compared as numbers)
#   dumpcore: no   DIR stays empty and vmm names no core

core_gdb() { # core_gdb IMAGE CORE EXPR: EXPR's value, as gdb prints it
    gdb -batch -nx -ex "printf \"%#lx\\n\", (unsigned long)($3)" "$1" "$2" \
        2>/dev/null | tail -n 1
}

check_core() { # check_core NAME IMAGE
    local t=$1 img=$2 files line core mem seg expr want got
    if [ ! -f "$out/$t.dumpcore.ls" ]; then
        why+=("no listing of the --dumpcore directory came back")
        return
    fi
    files=$(tr '\n' ' ' < "$out/$t.dumpcore.ls") files=${files% }
    line=$(grep -E '^vmm: core dumped to ' "$out/$t.clean")
    if [ "${T_DUMPCORE[$t]}" = no ]; then
        [ -z "$files" ] || why+=("the --dumpcore directory holds [$files], expected nothing")
        [ -z "$line" ] || why+=("vmm named a core: $line")
        return
    fi
    if ! [[ $files =~ ^core\.vmm\.[0-9]+$ ]]; then
        why+=("the --dumpcore directory holds [$files], not one core.vmm.PID")
        return
    fi
    [[ $line == */$files ]] || why+=("no line 'vmm: core dumped to DIR/$files'")
    core=$out/$t.core
    if ! gzip -dc "$out/$t.core.gz" > "$core" 2>/dev/null; then
        why+=("the core did not come back ($out/$t.core.gz)")
        return
    fi
    readelf -h "$core" 2>/dev/null | grep -Eq 'Type:[[:space:]]+CORE' ||
        why+=("$core: not an ELF core file (readelf -h)")
    readelf -h "$core" 2>/dev/null | grep -Eq 'Machine:.*X86-64' ||
        why+=("$core: not for x86-64 (readelf -h)")
    readelf -n "$core" 2>/dev/null | grep -q NT_PRSTATUS ||
        why+=("$core: no NT_PRSTATUS note (readelf -n)")
    mem=$(sed -n 's/.*--mem=\([0-9]*\).*/\1/p' <<< "${T_VMM[$t]:-}")
    mem=$(( ${mem:-512} << 20 ))
    seg=$(readelf -lW "$core" 2>/dev/null |
          awk '$1 == "LOAD" { print $3, $4, $6 }' |
          while read -r va pa memsz; do
              [ $((va)) -eq 0 ] && [ $((pa)) -eq 0 ] && [ $((memsz)) -eq $mem ] &&
                  echo ok
          done)
    [ -n "$seg" ] || why+=("$core: no PT_LOAD of $mem bytes at address 0 (readelf -l)")
    command -v gdb > /dev/null || { why+=("gdb missing (apt-get install gdb)"); return; }
    while IFS= read -r expr; do
        [ -n "$expr" ] || continue
        want=$(subst "${expr##* = }" "$img")
        expr=${expr% = *}
        got=$(core_gdb "$img" "$core" "$expr")
        [[ $got =~ ^(0x[0-9a-f]+|[0-9]+)$ ]] && [ $((got)) -eq $((want)) ] ||
            why+=("gdb IMAGE CORE: $expr is '$got', expected $want")
    done <<< "${T_CORE[$t]:-}"
}
