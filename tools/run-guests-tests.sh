# run-guests-tests.sh: sourced by tools/run-guests (see its usage for the
# directives): the .test files read for this target and host into T_*,
# indexed by test name (names: the tests that apply, skipped: those that do
# not), and the one script that boots them all, with its set-up (block
# files, boot modules, taps, stdin) before each run.

# each directive's value, by test name
declare -A T_IMAGE T_VMM T_ARGS T_BLOCK T_NET T_MTU T_PING T_PINGSIZE \
    T_STATS T_STATUS T_EXPECT T_REJECT T_EXITS T_TARGETS T_HOSTS T_MODULE \
    T_DUMPCORE T_CORE T_STDIN
applies() { # does qualifier $1 select this run?
    [ -z "$1" ] || [ "$1" = "$target" ] || [ "$1" = "$host" ] ||
        { [ -n "$kvmkind" ] && [ "$1" = "$kvmkind" ]; } ||
        [ "$1" = "$hostkind" ] || [ "$1" = "$target/$host" ] ||
        [ "$1" = "$target/$hostkind" ]
}
parse() {
    local file=$1 name line key val qual
    name=$(basename "$file" .test)
    T_IMAGE[$name]=$name T_STATUS[$name]=0 T_STATS[$name]=no
    while IFS= read -r line || [ -n "$line" ]; do
        line=${line%%$'\r'}
        case "$line" in ''|'#'*) continue ;; esac
        key=${line%%:*} val=${line#*:} val=${val# }
        qual=""
        case "$key" in *@*) qual=${key#*@} key=${key%%@*} ;; esac
        applies "$qual" || continue
        case "$key" in
        image) T_IMAGE[$name]=$val ;;
        targets) T_TARGETS[$name]=$val ;;
        hosts) T_HOSTS[$name]=$val ;;
        vmm) T_VMM[$name]=$val ;;
        args) T_ARGS[$name]=$val ;;
        block) T_BLOCK[$name]+="$val"$'\n' ;;
        net) T_NET[$name]=$val ;;
        mtu) T_MTU[$name]=$val ;;
        module) T_MODULE[$name]=$val ;;
        ping) read -r T_PING[$name] T_PINGSIZE[$name] <<< "$val" ;;
        stats) T_STATS[$name]=$val ;;
        status) T_STATUS[$name]=$val ;;
        expect) T_EXPECT[$name]+="$val"$'\n' ;;
        reject) T_REJECT[$name]+="$val"$'\n' ;;
        exits) T_EXITS[$name]=$val; T_STATS[$name]=yes ;;
        dumpcore) T_DUMPCORE[$name]=$val ;;
        core) T_CORE[$name]+="$val"$'\n' ;;
        stdin)
            case "$val" in null|closed|'pipe '*|'file '*) ;;
            *) echo "run-guests: $file: stdin: null, closed, pipe TEXT or file TEXT" >&2
               exit 2 ;;
            esac
            T_STDIN[$name]=$val ;;
        *) echo "run-guests: $file: unknown directive '$key'" >&2; exit 2 ;;
        esac
    done < "$file"
    if [ -n "${T_TARGETS[$name]:-}" ] &&
        ! grep -qw -- "$target" <<< "${T_TARGETS[$name]}"; then
        skipped+=("$name")
        return
    fi
    if [ -n "${T_HOSTS[$name]:-}" ] &&
        ! grep -qw -- "$host" <<< "${T_HOSTS[$name]}" &&
        ! grep -qw -- "$hostkind" <<< "${T_HOSTS[$name]}"; then
        skipped+=("$name")
        return
    fi
    if [ -n "${T_DUMPCORE[$name]:-}" ] && [ $hostkind != vmm ]; then
        echo "run-guests: $file: dumpcore is vmm's (qualify it, or hosts: vmm)" >&2
        exit 2
    fi
    names+=("$name")
}

# command line of one run, on stdout; sets $opts-derived device lines
run_cmd() { # run_cmd NAME N
    local t=$1 n=$2 opts mem img bname bsize bsector d=0 cmd mtu
    img="\"\$IMG/${T_IMAGE[$t]}.$ext\""
    opts=${T_VMM[$t]:-}
    if [ $hostkind = vmm ]; then
        [ "${T_STATS[$t]}" = yes ] && opts="--stats $opts"
        cmd="\"\$VMM\" run --target=$target $opts"
    else
        mem=$(sed -n 's/.*--mem=\([0-9]*\).*/\1/p' <<< "$opts")
        cmd="qemu-system-x86_64 -machine accel=tcg -cpu max -m ${mem:-512}"
        cmd="$cmd -display none -monitor none -serial stdio -no-reboot"
        cmd="$cmd -device isa-debug-exit,iobase=0x501,iosize=2"
    fi
    while read -r bname bsize bsector; do
        [ -n "$bname" ] || continue
        echo "rm -f \"\$W/$t.$bname\"; truncate -s $bsize \"\$W/$t.$bname\"" >&3
        if [ $hostkind = vmm ]; then
            cmd="$cmd --block:$bname=\$W/$t.$bname"
            [ -z "$bsector" ] || cmd="$cmd --block-sector-size:$bname=$bsector"
        else
            cmd="$cmd -drive file=\$W/$t.$bname,format=raw,if=none,id=d$d"
            cmd="$cmd -device virtio-blk-pci,drive=d$d"
            [ -z "$bsector" ] ||
                cmd="$cmd,logical_block_size=$bsector,physical_block_size=$bsector"
            d=$((d + 1))
        fi
    done <<< "${T_BLOCK[$t]:-}"
    if [ -n "${T_MODULE[$t]:-}" ]; then
        echo "printf '%s' '${T_MODULE[$t]}' > \"\$W/$t.module\"" >&3
        if [ $hostkind = vmm ]; then
            cmd="$cmd --module=\$W/$t.module"
        else
            cmd="$cmd -initrd \$W/$t.module"
        fi
    fi
    if [ -n "${T_DUMPCORE[$t]:-}" ]; then
        echo "rm -rf \"\$W/$t.dumpcore\"; mkdir \"\$W/$t.dumpcore\"" >&3
        cmd="$cmd --dumpcore=\$W/$t.dumpcore"
    fi
    if [ -n "${T_NET[$t]:-}" ]; then
        mtu=${T_MTU[$t]:-}
        echo "mktap vmmtap$n" >&3
        [ -z "$mtu" ] || echo "ip link set vmmtap$n mtu $mtu" >&3
        if [ $hostkind = vmm ]; then
            cmd="$cmd --net:${T_NET[$t]}=vmmtap$n"
        else
            cmd="$cmd -netdev tap,id=n0,ifname=vmmtap$n,script=no,downscript=no"
            cmd="$cmd -device virtio-net-pci,netdev=n0"
            [ -z "$mtu" ] || cmd="$cmd,host_mtu=$mtu"
        fi
    fi
    if [ $hostkind = vmm ]; then
        echo "$cmd $img ${T_ARGS[$t]:-}"
    else
        echo "$cmd -kernel $img -append \"${T_ARGS[$t]:-}\""
    fi
}

# one run with its stdin (the stdin: directive; /dev/null by default)
stdin_run() { # stdin_run NAME CMD
    local t=$1 cmd=$2 how text to="> \"\$OUT/$1.out\" 2>&1"
    read -r how text <<< "${T_STDIN[$t]:-null}"
    case "$how" in
    null) echo "$cmd $to < /dev/null; echo \$? > \"\$OUT/$t.rc\"" ;;
    closed) echo "$cmd $to <&-; echo \$? > \"\$OUT/$t.rc\"" ;;
    pipe) echo "printf '$text' | $cmd $to; echo \$? > \"\$OUT/$t.rc\"" ;;
    file)
        echo "printf '$text' > \"\$W/$t.stdin\""
        echo "$cmd $to < \"\$W/$t.stdin\"; echo \$? > \"\$OUT/$t.rc\"" ;;
    esac
}

# the script, on stdout; the taps it makes are added to cleanup_taps
write_script() {
    echo 'VMM=${VMM:-}; IMG=${IMG:?}; OUT=${OUT:?}; W=${W:-/tmp}'
    echo 'mktap() { if command -v tunctl >/dev/null; then tunctl -t "$1" >/dev/null; else ip tuntap add "$1" mode tap; fi'
    echo '  ip addr add 10.0.0.1/24 dev "$1"; ip link set "$1" up; }'
    n=0
    for t in "${names[@]}"; do
        n=$((n + 1))
        echo "# $t"
        cmd=$(run_cmd "$t" "$n" 3>"$work/setup")
        cat "$work/setup"
        cmd="timeout -s KILL $per_test $cmd"
        if [ -n "${T_PING[$t]:-}" ]; then
            echo "$cmd > \"\$OUT/$t.out\" 2>&1 & pid=\$!"
            # ping only once the guest's host side holds the tap
            echo "i=0; while [ \"\$(cat /sys/class/net/vmmtap$n/carrier 2>/dev/null)\" != 1 ] && [ \$i -lt 300 ]; do sleep 0.1; i=\$((i+1)); done"
            echo "ping -c ${T_PING[$t]}${T_PINGSIZE[$t]:+ -s ${T_PINGSIZE[$t]}} -w 60 10.0.0.2 > \"\$OUT/$t.ping\" 2>&1"
            echo "echo \$? >> \"\$OUT/$t.ping\""
            echo "wait \$pid; echo \$? > \"\$OUT/$t.rc\""
        else
            stdin_run "$t" "$cmd"
        fi
        if [ -n "${T_DUMPCORE[$t]:-}" ]; then
            # what DIR holds, and the core (compressed: from the box it
            # comes back through a serial line)
            echo "ls -A \"\$W/$t.dumpcore\" > \"\$OUT/$t.dumpcore.ls\""
            echo "for f in \"\$W/$t.dumpcore\"/core.*; do [ -f \"\$f\" ] && gzip -c \"\$f\" > \"\$OUT/$t.core.gz\"; done"
            echo "rm -rf \"\$W/$t.dumpcore\""
        fi
        if [ -n "${T_NET[$t]:-}" ]; then
            echo "ip link del vmmtap$n 2>/dev/null"
            cleanup_taps="$cleanup_taps vmmtap$n"
        fi
    done
    echo 'exit 0'
}
