/*
 * fpu: SSE arithmetic on doubles and floats gives the IEEE 754 results
 * (checked bit for bit), and an SSE register keeps its value across exits
 * to the host: a PUTS hypercall on hvt, a console_io hypercall through the
 * hypercall page on xen-pvh when Xen (or vmm's shim) filled it, byte writes
 * to COM1 elsewhere.
 */
#include "hvt_abi.h"
#include "solo5.h"
#include "guest-rt/rt.h"

static uint64_t dbits(double d)
{
    union {
        double d;
        uint64_t u;
    } x = {.d = d};
    return x.u;
}

static uint32_t fbits(float f)
{
    union {
        float f;
        uint32_t u;
    } x = {.f = f};
    return x.u;
}

static double sqrt_sse(double x)
{
    double r;

    __asm__("sqrtsd %1, %0" : "=x"(r) : "x"(x));
    return r;
}

static const char exit_msg[] = "fpu: exit with a value in xmm7\n";

/* Put v in %xmm7, exit to the host with a console write, read it back. */
static uint64_t xmm7_across_hypercall(uint64_t v)
{
    struct hvt_hc_puts p = {.data = exit_msg, .len = sizeof exit_msg - 1};
    uint64_t out;

    __asm__ __volatile__(
        "movq %1, %%xmm7\n\t"
        "outl %%eax, %%dx\n\t"
        "movq %%xmm7, %0"
        : "=r"(out)
        : "r"(v), "a"((uint32_t)(uintptr_t)&p),
          "d"((uint16_t)(HVT_HYPERCALL_PIO_BASE + HVT_HYPERCALL_PUTS))
        : "xmm7", "memory");
    return out;
}

/* xen-pvh's hypercall page (guest-rt internal); absent on other targets. */
extern const uint8_t xen_hypercall_page[] __attribute__((weak));
#define XEN_CONSOLE_IO 18
#define XEN_CONSOLEIO_WRITE 0

static int xen_present(void)
{
    /* Filled by Xen only; guest-rt fills it with `ret` (0xc3) first. */
    return xen_hypercall_page && xen_hypercall_page[0] != 0xc3;
}

/* The same with a console_io write through the hypercall page. */
static uint64_t xmm7_across_xen(uint64_t v)
{
    uint64_t out, a1 = XEN_CONSOLEIO_WRITE, a2 = sizeof exit_msg - 1;
    const char *a3 = exit_msg;
    const void *stub = xen_hypercall_page + XEN_CONSOLE_IO * 32;

    /* Xen may clobber the argument registers: they are outputs too. */
    __asm__ __volatile__("movq %4, %%xmm7\n\t"
                         "call *%5\n\t"
                         "movq %%xmm7, %0"
                         : "=r"(out), "+D"(a1), "+S"(a2), "+d"(a3)
                         : "r"(v), "r"(stub)
                         : "rax", "rcx", "r8", "r9", "r10", "r11", "xmm7",
                           "memory");
    return out;
}

/* The same with one `outb` to COM1 (port 0x3f8) per byte of the message. */
static uint64_t xmm7_across_serial(uint64_t v)
{
    const char *p = exit_msg;
    uint64_t n = sizeof exit_msg - 1, out;

    __asm__ __volatile__("movq %3, %%xmm7\n\t"
                         "1:\n\t"
                         "movb (%1), %%al\n\t"
                         "outb %%al, %%dx\n\t"
                         "incq %1\n\t"
                         "decq %2\n\t"
                         "jnz 1b\n\t"
                         "movq %%xmm7, %0"
                         : "=r"(out), "+r"(p), "+r"(n)
                         : "r"(v), "d"((uint16_t)0x3f8)
                         : "rax", "xmm7", "memory");
    return out;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    volatile double a = 0.1, b = 0.2, one = 1.0, three = 3.0, two = 2.0;
    volatile float f1 = 1.0f, f3 = 3.0f;
    double sum = 0;
    int ok = 1;

    (void)si;
    for (int i = 1; i <= 1000; i++)
        sum += i * (double)one;
    uint64_t add = dbits(a + b), div = dbits(one / three);
    uint64_t root = dbits(sqrt_sse(two));
    uint32_t fdiv = fbits(f1 / f3);
    long trunc = (long)(-2.5 * (double)three * 4.0);
    long total = (long)sum;
    uint64_t kept = __builtin_strcmp(rt_target_name(), "hvt") == 0
                        ? xmm7_across_hypercall(0x0123456789abcdefULL)
                    : xen_present() ? xmm7_across_xen(0x0123456789abcdefULL)
                                    : xmm7_across_serial(0x0123456789abcdefULL);

    rt_printf("fpu: 0.1+0.2=0x%016lx 1/3=0x%016lx sqrt2=0x%016lx "
              "1f/3f=0x%08x\n",
              add, div, root, fdiv);
    rt_printf("fpu: -2.5*3*4=%ld sum(1..1000)=%ld xmm7=0x%016lx\n", trunc,
              total, kept);
    ok = add == 0x3fd3333333333334ULL && div == 0x3fd5555555555555ULL &&
         root == 0x3ff6a09e667f3bcdULL && fdiv == 0x3eaaaaabU && trunc == -30 &&
         total == 500500 && kept == 0x0123456789abcdefULL;
    rt_printf("fpu: %s\n", ok ? "ok" : "FAIL");
    return ok ? SOLO5_EXIT_SUCCESS : SOLO5_EXIT_FAILURE;
}
