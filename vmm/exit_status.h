/* exit_status.h: vmm's process exit statuses (documented in the README). */
#ifndef VMM_EXIT_STATUS_H
#define VMM_EXIT_STATUS_H

/* 0..249: the guest's own solo5_exit(status), passed through unchanged. */
enum vmm_exit_status {
    VMM_EXIT_SETUP_FAILED = 250,  /* bad options, image or KVM: guest never ran */
    VMM_EXIT_HOST_FAILED = 251,   /* a host call failed while the guest ran */
    VMM_EXIT_UNEXPECTED = 252,    /* a VM exit vmm does not handle */
    VMM_EXIT_BAD_HYPERCALL = 253, /* bad hypercall number, pointer or length */
    VMM_EXIT_TRIPLE_FAULT = 254,  /* guest shut down (triple fault) */
    VMM_EXIT_ABORT = 255          /* solo5_abort(), a trap, a smashed stack */
};

#endif
