/*
 * net: a minimal IPv4 host at 10.0.0.2 on the device "service". Answers
 * ARP requests for its address and ICMP echo requests (of any size its
 * MTU lets through, up to 9000; each answer names its frame's size); exits
 * 0 once it has answered ECHO_GOAL echo requests, 1 if that takes longer
 * than DEADLINE_S.
 */
#include "solo5.h"
#include "guest-rt/rt.h"

#define ECHO_GOAL 3
#define DEADLINE_S 60
#define SEC 1000000000ULL

static const uint8_t my_ip[4] = {10, 0, 0, 2};
static uint8_t my_mac[SOLO5_NET_ALEN];
static uint8_t frame[9000 + SOLO5_NET_HLEN];

static uint16_t get16(const uint8_t *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

/* The Internet checksum (RFC 1071) of n bytes. */
static uint16_t csum(const uint8_t *p, size_t n)
{
    uint32_t sum = 0;

    for (size_t i = 0; i + 1 < n; i += 2)
        sum += get16(p + i);
    if (n & 1)
        sum += (uint32_t)p[n - 1] << 8;
    while (sum >> 16)
        sum = (sum & 0xffff) + (sum >> 16);
    return (uint16_t)~sum;
}

/* Turn the Ethernet header around: reply to the sender. */
static void eth_reply(uint8_t *f)
{
    __builtin_memcpy(f, f + 6, 6);
    __builtin_memcpy(f + 6, my_mac, 6);
}

/* An ARP request for my_ip becomes its reply; returns the reply length. */
static size_t arp(uint8_t *f, size_t len)
{
    uint8_t *a = f + SOLO5_NET_HLEN;

    if (len < SOLO5_NET_HLEN + 28 || get16(a) != 1 || get16(a + 2) != 0x0800 ||
        get16(a + 6) != 1 || __builtin_memcmp(a + 24, my_ip, 4) != 0)
        return 0;
    put16(a + 6, 2);                     /* reply */
    __builtin_memcpy(a + 18, a + 8, 10); /* target = the asker */
    __builtin_memcpy(a + 8, my_mac, 6);
    __builtin_memcpy(a + 14, my_ip, 4);
    eth_reply(f);
    return SOLO5_NET_HLEN + 28;
}

/* An ICMP echo request to my_ip becomes its reply; returns the length. */
static size_t icmp_echo(uint8_t *f, size_t len)
{
    uint8_t *ip = f + SOLO5_NET_HLEN;
    size_t ihl, total;

    if (len < SOLO5_NET_HLEN + 20 || (ip[0] >> 4) != 4 || ip[9] != 1 ||
        __builtin_memcmp(ip + 16, my_ip, 4) != 0)
        return 0;
    ihl = (size_t)(ip[0] & 0xf) * 4;
    total = get16(ip + 2);
    if (ihl < 20 || total < ihl + 8 || SOLO5_NET_HLEN + total > len ||
        ip[ihl] != 8)
        return 0;
    uint8_t *icmp = ip + ihl;
    icmp[0] = 0; /* echo reply */
    put16(icmp + 2, 0);
    put16(icmp + 2, csum(icmp, total - ihl));
    uint8_t src[4];
    __builtin_memcpy(src, ip + 12, 4);
    __builtin_memcpy(ip + 12, my_ip, 4);
    __builtin_memcpy(ip + 16, src, 4);
    ip[8] = 64; /* TTL */
    put16(ip + 10, 0);
    put16(ip + 10, csum(ip, ihl));
    eth_reply(f);
    return SOLO5_NET_HLEN + total;
}

int solo5_app_main(const struct solo5_start_info *si)
{
    struct solo5_net_info info;
    solo5_handle_t h;
    unsigned echoes = 0;

    (void)si;
    if (solo5_net_acquire("service", &h, &info) != SOLO5_R_OK) {
        rt_printf("net: FAIL: cannot acquire \"service\"\n");
        return SOLO5_EXIT_FAILURE;
    }
    __builtin_memcpy(my_mac, info.mac_address, sizeof my_mac);
    rt_printf("net: mac=%02x:%02x:%02x:%02x:%02x:%02x mtu=%zu ip=10.0.0.2\n",
              my_mac[0], my_mac[1], my_mac[2], my_mac[3], my_mac[4], my_mac[5],
              info.mtu);
    if (info.mtu + SOLO5_NET_HLEN > sizeof frame) {
        rt_printf("net: FAIL: mtu too large\n");
        return SOLO5_EXIT_FAILURE;
    }

    solo5_time_t deadline = solo5_clock_monotonic() + DEADLINE_S * SEC;
    while (echoes < ECHO_GOAL && solo5_clock_monotonic() < deadline) {
        solo5_handle_set_t ready = 0;
        solo5_yield(deadline, &ready);
        if (!(ready & (1ULL << h)))
            continue;
        size_t len, out;
        while (solo5_net_read(h, frame, sizeof frame, &len) == SOLO5_R_OK) {
            if (len < SOLO5_NET_HLEN)
                continue;
            uint16_t type = get16(frame + 12);
            out = type == 0x0806 ? arp(frame, len)
                  : type == 0x0800 ? icmp_echo(frame, len) : 0;
            if (out == 0)
                continue;
            if (solo5_net_write(h, frame, out) != SOLO5_R_OK)
                rt_printf("net: sending a reply failed\n");
            else if (type == 0x0800)
                rt_printf("net: answered echo request %u (%zu-byte frame)\n",
                          ++echoes, out);
        }
    }
    if (echoes < ECHO_GOAL) {
        rt_printf("net: FAIL: %u of %d echo requests in %d s\n", echoes,
                  ECHO_GOAL, DEADLINE_S);
        return SOLO5_EXIT_FAILURE;
    }
    rt_printf("net: ok, answered %u echo requests\n", echoes);
    return SOLO5_EXIT_SUCCESS;
}
