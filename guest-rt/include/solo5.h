/*
 * solo5.h: the Solo5 public API as provided by guest-rt.
 *
 * Names, types and values match Solo5's, so unikernels and bindings written
 * for Solo5 compile unchanged. Freestanding C99; needs only the compiler's
 * own <stddef.h>, <stdint.h> and <stdbool.h>.
 *
 * Conventions: calls returning solo5_result_t return SOLO5_R_OK on success;
 * applications should not depend on the exact error value. Calls that cannot
 * fail under normal operation return nothing and abort the guest when the
 * host misbehaves.
 */
#ifndef SOLO5_H_INCLUDED
#define SOLO5_H_INCLUDED

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum {
    SOLO5_R_OK = 0,  /* done */
    SOLO5_R_AGAIN,   /* nothing to do now; the same call may succeed later */
    SOLO5_R_EINVAL,  /* an argument was refused */
    SOLO5_R_EUNSPEC  /* failed for another reason */
} solo5_result_t;

/* ------------------------------------------------------------------------ */
/* Start of day and exit                                                    */

/*
 * Read-only facts handed to solo5_app_main(). [heap_start, heap_start +
 * heap_size) is one read/write, non-executable region the application owns;
 * the initial stack grows down from its top end.
 */
struct solo5_start_info {
    const char *cmdline;  /* arguments given to the host after the image */
    uintptr_t heap_start; /* first byte of free memory */
    size_t heap_size;     /* bytes of free memory */
};

/* Defined by the application; returning from it is solo5_exit(return). */
int solo5_app_main(const struct solo5_start_info *info);

#define SOLO5_EXIT_SUCCESS 0
#define SOLO5_EXIT_FAILURE 1
#define SOLO5_EXIT_ABORT 255 /* 255 and above are reserved for the runtime */

/* Stop the guest and report (status) to the host. */
void solo5_exit(int status) __attribute__((noreturn));

/* Stop the guest abnormally; the host sees SOLO5_EXIT_ABORT. */
void solo5_abort(void) __attribute__((noreturn));

/* ------------------------------------------------------------------------ */
/* Thread-local storage (x86_64: ELF TLS variant II, %fs holds tp)          */

/* Bytes to allocate for one TLS block, at any alignment. */
size_t solo5_tls_size(void);

/* The thread pointer that belongs to the block starting at (tls). */
uintptr_t solo5_tls_tp_offset(uintptr_t tls);

/* Fill the block at (tls) with the initial TLS image and its TCB. */
solo5_result_t solo5_tls_init(uintptr_t tls);

/* Make (base) the thread pointer; SOLO5_R_EINVAL if it is not usable. */
solo5_result_t solo5_set_tls_base(uintptr_t base);

/* ------------------------------------------------------------------------ */
/* Time                                                                     */

/* Nanoseconds. */
typedef uint64_t solo5_time_t;

/* Time since an unspecified point in the past; never goes backwards. */
solo5_time_t solo5_clock_monotonic(void);

/* UTC time since the UNIX epoch. */
solo5_time_t solo5_clock_wall(void);

/* ------------------------------------------------------------------------ */
/* Devices and waiting                                                      */

/* A device, named in the application manifest. */
typedef uint64_t solo5_handle_t;

/* A set of devices: bit n stands for the handle n. */
typedef uint64_t solo5_handle_set_t;

/*
 * Sleep until the monotonic clock reaches (deadline) or some network device
 * has input. On return *ready_set holds the devices that have input (0 when
 * the deadline passed).
 */
void solo5_yield(solo5_time_t deadline, solo5_handle_set_t *ready_set);

/* ------------------------------------------------------------------------ */
/* Console                                                                  */

/* Write (size) bytes to the console; best effort, never fails. */
void solo5_console_write(const char *buf, size_t size);

/* ------------------------------------------------------------------------ */
/* Network (Ethernet frames)                                                */

#define SOLO5_NET_ALEN 6  /* bytes in a MAC address */
#define SOLO5_NET_HLEN 14 /* bytes in an Ethernet header */

struct solo5_net_info {
    uint8_t mac_address[SOLO5_NET_ALEN];
    size_t mtu; /* largest payload, Ethernet header not counted */
};

/* Claim the NET_BASIC device (name) from the manifest; once per device. */
solo5_result_t solo5_net_acquire(const char *name, solo5_handle_t *handle,
                                 struct solo5_net_info *info);

/* Send one frame (header included, at most mtu + SOLO5_NET_HLEN bytes). */
solo5_result_t solo5_net_write(solo5_handle_t handle, const uint8_t *buf,
                               size_t size);

/*
 * Receive one frame into (buf) without waiting; (size) must be at least
 * mtu + SOLO5_NET_HLEN. SOLO5_R_AGAIN when nothing is pending, otherwise
 * SOLO5_R_OK with the frame length in *read_size.
 */
solo5_result_t solo5_net_read(solo5_handle_t handle, uint8_t *buf, size_t size,
                              size_t *read_size);

/* ------------------------------------------------------------------------ */
/* Block storage                                                            */

/* Byte offset on a block device. */
typedef uint64_t solo5_off_t;

struct solo5_block_info {
    solo5_off_t capacity;   /* bytes */
    solo5_off_t block_size; /* smallest unit of I/O, bytes */
};

/* Claim the BLOCK_BASIC device (name) from the manifest; once per device. */
solo5_result_t solo5_block_acquire(const char *name, solo5_handle_t *handle,
                                   struct solo5_block_info *info);

/*
 * Write (size) bytes at (offset), all or nothing. Both must be multiples of
 * the block size and the range must lie inside the device, else
 * SOLO5_R_EINVAL.
 */
solo5_result_t solo5_block_write(solo5_handle_t handle, solo5_off_t offset,
                                 const uint8_t *buf, size_t size);

/* Read (size) bytes at (offset); same rules as solo5_block_write(). */
solo5_result_t solo5_block_read(solo5_handle_t handle, solo5_off_t offset,
                                uint8_t *buf, size_t size);

#endif /* SOLO5_H_INCLUDED */
