# tls-check-qemu.sh: sourced by tls-check-run: the columns QEMU runs:
# T/qemu and virtio/qemu-wrmsr (-kernel), virtio/iso-bios and
# virtio/iso-uefi (the GRUB ISO `vmm mkimage` makes, under SeaBIOS and
# OVMF; a missing OVMF is a skip).

# qrun COLUMN QEMU-ARGS...: console in OUT/T-H.out, the guest's status
# (QEMU's ((status << 1) | 1) decoded) in OUT/T-H.result. The CPU is QEMU's
# max, without FSGSBASE for the host qemu-wrmsr (set_tls_base's fallback).
qrun() {
    local c=$1 name=${1/\//-} rc st t0=$SECONDS cpu=max; shift
    [ "${c#*/}" = qemu-wrmsr ] && cpu=max,-fsgsbase
    timeout -s KILL "$per_run" "$qemu" -machine accel=tcg -cpu $cpu \
        -m 512 -display none -monitor none -serial stdio -no-reboot \
        -device isa-debug-exit,iobase=0x501,iosize=2 "$@" \
        < /dev/null > "$out/$name.out" 2> "$out/$name.err"
    rc=$?
    if [ $rc -eq 137 ]; then st=timeout
    elif [ $((rc & 1)) -eq 1 ]; then st=$(((rc - 1) / 2))
    else st=qemu-exit-$rc
    fi
    echo "status $st" > "$out/$name.result"
    STATE[$c]=ran
    echo "tls-check-run: $c: status $st in $((SECONDS - t0)) s"
}

# every QEMU column still wanted, one after the other
qemu_columns() {
    have_qemu=yes
    command -v "$qemu" >/dev/null || have_qemu=no
    for c in "${columns[@]}"; do
        wanted "$c" || continue
        case "${c#*/}" in qemu|qemu-*|iso-*) ;; *) continue ;; esac
        if [ $have_qemu = no ]; then
            fail "$c" "$qemu missing (apt-get install qemu-system-x86)"
        fi
    done
    for c in virtio/qemu xen-pvh/qemu virtio/qemu-wrmsr; do
        wanted $c && qrun $c -kernel "${IMAGE[${c%/*}]}" -append "switches=$switches"
    done

    if wanted virtio/iso-bios || wanted virtio/iso-uefi; then
        iso=$out/tls.iso
        if said=$("$vmm" mkimage --format=iso -o "$iso" --cmdline="switches=$switches" \
                      "${IMAGE[virtio]}" 2> "$out/mkimage.err"); then
            echo "tls-check-run: $said"
        else
            why="vmm mkimage failed: $(grep -m1 . "$out/mkimage.err")"
            wanted virtio/iso-bios && fail virtio/iso-bios "$why"
            wanted virtio/iso-uefi && fail virtio/iso-uefi "$why"
        fi
        wanted virtio/iso-bios && qrun virtio/iso-bios -cdrom "$iso"
    fi
    if wanted virtio/iso-uefi; then
        if [ -f "$ovmf/ovmf/OVMF.fd" ]; then
            fw=(-bios "$ovmf/ovmf/OVMF.fd")
        elif [ -f "$ovmf/OVMF/OVMF_CODE.fd" ] && [ -f "$ovmf/OVMF/OVMF_VARS.fd" ]; then
            cp "$ovmf/OVMF/OVMF_VARS.fd" "$out/OVMF_VARS.fd"
            fw=(-drive "if=pflash,format=raw,readonly=on,file=$ovmf/OVMF/OVMF_CODE.fd"
                -drive "if=pflash,format=raw,file=$out/OVMF_VARS.fd")
        else
            fw=()
            skip virtio/iso-uefi "OVMF is not installed ($ovmf/ovmf/OVMF.fd or $ovmf/OVMF/OVMF_CODE.fd; Debian package ovmf)"
        fi
        if wanted virtio/iso-uefi && [[ $said != *"BIOS+UEFI"* ]]; then
            fail virtio/iso-uefi "the ISO is BIOS only (Debian package grub-efi-amd64-bin)"
        fi
        wanted virtio/iso-uefi && qrun virtio/iso-uefi "${fw[@]}" -cdrom "$iso"
    fi
}
