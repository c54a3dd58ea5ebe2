# Runs inside the KVM box (see tools/run-guests): the generated guests.sh.
chmod +x /box/vmm
VMM=/box/vmm IMG=/box/img OUT=$BOX_OUT W=/tmp sh /box/guests.sh
