/*
 * fuzz_xen.c: the Xen shim's hypercalls (xen-pvh/host_xen_*.c) as a hostile
 * PVH guest drives them: the fuzzer picks the hypercall numbers, their
 * register arguments, the guest's page mappings and all of guest memory
 * (argument structs, the ports they name, the console ring, the page that
 * becomes shared info).
 *
 * The guest: RAM_PAGES pages of RAM (exactly sized, so AddressSanitizer
 * reports any access past them) and vmm's PVH area outside RAM (at
 * PVH_AREA_GPA, with the console ring), as xen-pvh/host_pvh_target.c lays
 * them out. Guest-virtual addresses reach the shim either unchanged (no
 * xen_host: the unit tests' way) or through a fake xen_host whose
 * translate() reads a 16-entry page table from the input, so mappings can
 * be missing, read-only, or point at the PVH area or past memory. The fake
 * host's guest TSC counts up; inject() checks the vector it is given.
 *
 * Blocking: SCHEDOP_block and SCHEDOP_poll wait on x->wake until a deadline
 * the guest chose. This harness defines pthread_cond_timedwait (linked
 * ahead of libc's) to skip virtual time instead: it moves x->boot_ns back
 * so that xen_now() reaches the deadline, as if the wait had run its
 * course. A deadline past 2^62 ns (146 years) is never reached in a real
 * run; there the wait ends as an event would end it (the upcall made
 * pending), so no input hangs.
 *
 * Input (little-endian; missing bytes read as zero):
 *   u8   calls: 1 + b % NCALLS
 *   NCALLS x { u8 number (b < 0x80: one of the 8 hypercalls the shim has,
 *              b % 8; 0xff: the guest writes arg0 to the hypercall-page
 *              MSR; 0xfe: the guest stores arg1 (8 bytes) at guest-physical
 *              arg0, RAM or the PVH area, as guests do between calls;
 *              else b % 64, mostly unknown ones), u64 arg0, arg1, arg2,
 *              u8 flags (bit 0: RFLAGS.IF) }
 *   u8   bit 0: translate through the page table; bit 1: has_devices;
 *        bits 5:2 the TSC frequency, 1 MHz << n
 *   16 x u8 page table, virtual page i: bit 7 present, bit 6 writable,
 *        bits 3:0 the physical page: 0..7 RAM, 8..11 the PVH area's
 *        pages, 12..15 past the end of memory
 *   ...  memory contents, records until the input ends: { u8 page
 *        (b % 12: 0..7 RAM, 8..11 the PVH area's pages, 11 the console
 *        ring), u16 offset (% 4096), u16 length, the bytes } (a record
 *        is cut at its page's end and at the input's); memory is zero
 *        where no record wrote
 * The calls run in order until one stops the guest, as vmm's run loop
 * does. The header is 1 + 8 * 26 + 1 + 16 = 226 bytes; records keep
 * small inputs able to reach every page.
 *
 * Oracles: the hypercall page is written exactly when the MSR value is a
 * page-aligned address of RAM, with a stub `mov $nr, %eax; out; ret` in
 * every slot; a hypercall stops the guest exactly when it sets a status, and
 * that status is one DESIGN.md documents (0..249, 252, 255) with a message
 * terminated in its buffer; every result is 0, a Xen errno the shim uses,
 * or the version and page size xen_version reports; XEN_HALT only with
 * devices, a host and IF set; an upcall is only ever injected on a vector
 * >= 0x10; RAM pages the page table maps nowhere writable never change,
 * except the one the guest made shared info; the shim's port table stays
 * consistent (port 0 free, kinds known, one port per VIRQ, VIRQs in range)
 * and shared info is the shadow or a page of RAM.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vmm/exit_status.h"
#include "fuzz_util.h"
#include "xen-pvh/host_pvh.h"
#include "xen-pvh/host_xen.h"

#define PAGE 4096ULL
#define RAM_PAGES 8
#define RAM_SIZE (RAM_PAGES * PAGE)
#define VPAGES 16
#define NCALLS 8
#define PRESENT 0x80
#define WRITABLE 0x40
#define PHYS_PVH 8   /* page-table frames 8..11: the PVH area */
#define PHYS_PAST 12 /* frames 12..15: past the end of memory */
#define PAST_GPA 0x100000000ULL
#define MIN_VECTOR 0x10
#define NSEC 1000000000ULL
#define SKIP_LIMIT (1ULL << 62)
#define MSR_CALL 0xffu   /* a number byte: write the hypercall-page MSR */
#define STORE_CALL 0xfeu /* a number byte: the guest stores to memory */

static const unsigned known[] = {
    __HYPERVISOR_memory_op,        __HYPERVISOR_set_timer_op,
    __HYPERVISOR_xen_version,      __HYPERVISOR_console_io,
    __HYPERVISOR_vcpu_op,          __HYPERVISOR_sched_op,
    __HYPERVISOR_event_channel_op, __HYPERVISOR_hvm_op,
};

static struct xen x;
static struct stats stats;
static struct guest_mem ram;
static uint8_t *area; /* the PVH area: PVH_AREA_SIZE bytes */
static uint8_t table[VPAGES];
static uint8_t before[RAM_SIZE]; /* RAM as the guest left it */
static uint64_t tsc;

static bool translate(void *ctx, uint64_t gva, bool write, uint64_t *gpa)
{
    (void)ctx;
    uint64_t page = gva / PAGE;
    if (page >= VPAGES || !(table[page] & PRESENT))
        return false;
    if (write && !(table[page] & WRITABLE))
        return false;
    unsigned frame = table[page] & 0xf;
    uint64_t base = frame < PHYS_PVH ? frame * PAGE
                    : frame < PHYS_PAST
                        ? PVH_AREA_GPA + (frame - PHYS_PVH) * PAGE
                        : PAST_GPA + (frame - PHYS_PAST) * PAGE;
    *gpa = base + gva % PAGE;
    return true;
}

static uint64_t guest_tsc(void *ctx)
{
    (void)ctx;
    return tsc += 1000 + tsc % 7919;
}

static void inject(void *ctx, uint8_t vector)
{
    (void)ctx;
    FUZZ_CHECK(vector >= MIN_VECTOR, "upcall injected on vector 0x%x", vector);
}

static void arm_timer(void *ctx, uint64_t mono_ns)
{
    (void)ctx, (void)mono_ns;
}

static void flush(void *ctx)
{
    (void)ctx;
}

static const struct xen_host fake_host = {translate, guest_tsc, inject,
                                          arm_timer, flush,     NULL};

static uint64_t mono_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * NSEC + (uint64_t)ts.tv_nsec;
}

/*
 * The shim's only wait (host_xen_sched.c, lock held): end it at once with
 * the time it would have waited gone by.
 */
int pthread_cond_timedwait(pthread_cond_t *restrict cond,
                           pthread_mutex_t *restrict lock,
                           const struct timespec *restrict abstime)
{
    (void)lock;
    FUZZ_CHECK(cond == &x.wake, "a wait on a condition the shim does not own");
    uint64_t until =
        (uint64_t)abstime->tv_sec * NSEC + (uint64_t)abstime->tv_nsec;
    uint64_t now = mono_ns();
    uint64_t skip = until > now ? until - now + 1 : 1;
    if (skip > SKIP_LIMIT || xen_now(&x) > SKIP_LIMIT - skip) {
        x.shinfo->vcpu_info[0].evtchn_upcall_pending = 1;
        fuzz_trace("  wait of %llu ns: ended by an event",
                   (unsigned long long)skip);
    } else {
        x.boot_ns -= skip;
        fuzz_trace("  wait of %llu ns: skipped", (unsigned long long)skip);
    }
    return ETIMEDOUT;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_quiet_stdout(); /* the guest's console output */
    return 0;
}

static bool known_errno(int64_t r)
{
    static const int64_t e[] = {
        XEN_EPERM,  XEN_ENOENT, XEN_ESRCH,  XEN_EFAULT, XEN_EEXIST,
        XEN_EINVAL, XEN_ENOSPC, XEN_ENOSYS, XEN_ETIME,
    };
    for (size_t i = 0; i < sizeof(e) / sizeof(e[0]); i++)
        if (r == -e[i])
            return true;
    return r == 0;
}

static bool status_documented(int s)
{
    return (s >= 0 && s <= 249) || s == VMM_EXIT_UNEXPECTED ||
           s == VMM_EXIT_ABORT;
}

/* True when no writable present mapping reaches RAM page p. */
static bool read_only_page(unsigned p)
{
    for (unsigned v = 0; v < VPAGES; v++)
        if ((table[v] & (PRESENT | WRITABLE)) == (PRESENT | WRITABLE) &&
            (table[v] & 0xf) == p)
            return false;
    return true;
}

static void check_ports(void)
{
    FUZZ_CHECK(x.port[0].kind == XEN_PORT_FREE, "port 0 in use");
    for (unsigned p = 1; p < XEN_MAX_PORTS; p++) {
        FUZZ_CHECK(x.port[p].kind <= XEN_PORT_VIRQ, "port %u: kind %d", p,
                   (int)x.port[p].kind);
        if (x.port[p].kind != XEN_PORT_VIRQ)
            continue;
        FUZZ_CHECK(x.port[p].virq < XEN_NR_VIRQS, "port %u: VIRQ %u", p,
                   x.port[p].virq);
        FUZZ_CHECK(xen_virq_port(&x, x.port[p].virq) == p,
                   "VIRQ %u bound to two ports", x.port[p].virq);
    }
    uint8_t *s = (uint8_t *)x.shinfo;
    FUZZ_CHECK(s == x.shadow ||
                   (s >= ram.base && s + PAGE <= ram.base + RAM_SIZE &&
                    (uint64_t)(s - ram.base) % PAGE == 0),
               "shared info at neither the shadow nor a page of RAM");
}

/* The guest's wrmsr of the hypercall-page MSR (host_xen_kvm.c's path). */
static void hypercall_page(uint64_t value)
{
    bool valid = value % PAGE == 0 && value < RAM_SIZE;
    int r = xen_write_hypercall_page(&ram, value);
    fuzz_trace("hypercall page MSR 0x%llx: %d", (unsigned long long)value, r);
    FUZZ_CHECK((r == 0) == valid, "MSR value 0x%llx: %d",
               (unsigned long long)value, r);
    if (!valid)
        return;
    /* The page now holds stubs: RAM page contents changed on purpose. */
    const uint8_t *page = ram.base + value;
    for (uint32_t nr = 0; nr < PAGE / XEN_HYPERCALL_STUB_SIZE; nr++) {
        const uint8_t *st = page + nr * XEN_HYPERCALL_STUB_SIZE;
        uint32_t imm;
        memcpy(&imm, st + 1, 4);
        FUZZ_CHECK(st[0] == 0xb8 && imm == nr && st[5] == 0xe6 &&
                       st[6] == XEN_SHIM_PORT && st[7] == 0xc3,
                   "hypercall page slot %u", nr);
    }
    memcpy(before + value, page, PAGE);
}

/* A guest store of 8 bytes at a guest-physical address (else nothing). */
static void guest_store(uint64_t gpa, uint64_t value)
{
    if (gpa <= RAM_SIZE - sizeof(value)) {
        memcpy(ram.base + gpa, &value, sizeof(value));
        memcpy(before + gpa, &value, sizeof(value));
    } else if (gpa >= PVH_AREA_GPA &&
               gpa - PVH_AREA_GPA <= PVH_AREA_SIZE - sizeof(value)) {
        memcpy(area + (gpa - PVH_AREA_GPA), &value, sizeof(value));
    }
    fuzz_trace("guest store 0x%llx at 0x%llx", (unsigned long long)value,
               (unsigned long long)gpa);
}

/* The memory records that follow the header. */
static void fill_memory(struct fuzz_in *in)
{
    while (in->n) {
        unsigned page = fuzz_u8(in) % (RAM_PAGES + PVH_AREA_SIZE / PAGE);
        unsigned off = fuzz_u16(in) % PAGE;
        size_t len = fuzz_u16(in);
        if (len > PAGE - off)
            len = PAGE - off;
        if (len > in->n)
            len = in->n;
        uint8_t *p = page < RAM_PAGES ? ram.base + page * PAGE
                                      : area + (page - RAM_PAGES) * PAGE;
        memcpy(p + off, in->p, len);
        in->p += len;
        in->n -= len;
    }
}

static void check_call(unsigned nr, const struct xen_call *c,
                       enum xen_verdict v, bool stopped)
{
    FUZZ_CHECK((v == XEN_STOP) == stopped,
               "hypercall %u: verdict %d, status %s", nr, (int)v,
               stopped ? "set" : "not set");
    if (v == XEN_STOP) {
        FUZZ_CHECK(status_documented(x.status),
                   "hypercall %u: undocumented exit status %d", nr, x.status);
        FUZZ_CHECK(memchr(x.stop_msg, '\0', sizeof(x.stop_msg)) != NULL,
                   "hypercall %u: stop message not terminated", nr);
        return;
    }
    if (v == XEN_HALT)
        FUZZ_CHECK(x.has_devices && x.host && (c->rflags & (1ULL << 9)),
                   "hypercall %u: halt without devices, host or IF", nr);
    bool version = nr == __HYPERVISOR_xen_version &&
                   (c->ret == XEN_SHIM_VERSION || c->ret == 4096);
    FUZZ_CHECK(version || known_errno(c->ret), "hypercall %u: result %lld", nr,
               (long long)c->ret);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fuzz_in in = {data, size};
    unsigned calls = 1 + fuzz_u8(&in) % NCALLS;
    unsigned nr[NCALLS];
    struct xen_call call[NCALLS];
    for (unsigned i = 0; i < NCALLS; i++) {
        uint8_t b = fuzz_u8(&in);
        nr[i] = b < 0x80 ? known[b % 8] : b >= STORE_CALL ? b : b % 64u;
        call[i] = (struct xen_call){0};
        for (unsigned a = 0; a < 3; a++)
            call[i].arg[a] = fuzz_u64(&in);
        call[i].rflags = (fuzz_u8(&in) & 1) ? 1ULL << 9 : 0;
    }
    uint8_t mode = fuzz_u8(&in);
    for (unsigned v = 0; v < VPAGES; v++)
        table[v] = fuzz_u8(&in);

    ram = (struct guest_mem){fuzz_guest_new(RAM_SIZE, 0), RAM_SIZE};
    area = fuzz_guest_new(PVH_AREA_SIZE, 0);
    fill_memory(&in);
    memcpy(before, ram.base, RAM_SIZE);

    uint64_t tsc_hz = 1000000ULL << ((mode >> 2) & 15);
    FUZZ_CHECK(xen_init(&x, &ram, PVH_AREA_GPA + PVH_AREA_CONSOLE,
                        area + PVH_AREA_CONSOLE, tsc_hz) == 0,
               "xen_init failed");
    xen_add_memory(&x, PVH_AREA_GPA, area, PVH_AREA_SIZE);
    memset(&stats, 0, sizeof(stats));
    x.stats = &stats;
    x.host = (mode & 1) ? &fake_host : NULL;
    x.has_devices = (mode & 2) != 0;
    tsc = 0;
    fuzz_trace("%u call(s), %s, %s", calls, x.host ? "page table" : "identity",
               x.has_devices ? "devices" : "no devices");

    for (unsigned i = 0; i < calls; i++) {
        if (nr[i] == MSR_CALL) {
            hypercall_page(call[i].arg[0]);
            continue;
        }
        if (nr[i] == STORE_CALL) {
            guest_store(call[i].arg[0], call[i].arg[1]);
            continue;
        }
        x.status = -1;
        enum xen_verdict v = xen_hypercall(&x, nr[i], &call[i]);
        fuzz_trace("hypercall %u (0x%llx, 0x%llx, 0x%llx): verdict %d, "
                   "ret %lld, status %d %s",
                   nr[i], (unsigned long long)call[i].arg[0],
                   (unsigned long long)call[i].arg[1],
                   (unsigned long long)call[i].arg[2], (int)v,
                   (long long)call[i].ret, x.status, x.stop_msg);
        check_call(nr[i], &call[i], v, x.status != -1);
        check_ports();
        if (v == XEN_STOP)
            break;
    }

    if (x.host) {
        uint8_t *shinfo = (uint8_t *)x.shinfo;
        for (unsigned p = 0; p < RAM_PAGES; p++) {
            uint8_t *page = ram.base + p * PAGE;
            if (page == shinfo || !read_only_page(p))
                continue;
            FUZZ_CHECK(memcmp(page, before + p * PAGE, PAGE) == 0,
                       "RAM page %u changed with no writable mapping", p);
        }
    }
    xen_destroy(&x);
    free(area);
    free(ram.base);
    return 0;
}
