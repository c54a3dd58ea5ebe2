/*
 * dev_tap.c: the network device kind (NET_BASIC) and its host backend:
 * --net:NAME=TAP opens an existing tap interface (never creates one) and
 * gives the device a random locally administered MAC and the MTU;
 * --net-mac:NAME=MAC sets the MAC instead. Every target's network devices
 * (hvt hypercalls, virtio-net) read and write its fd; the guest waits for
 * its frames.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/if_tun.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/random.h>
#include <unistd.h>

#include "devices.h"

#define NET_MTU 1500

static int tap_open(const char *name, char *err, size_t errlen)
{
    if (strlen(name) >= IFNAMSIZ) {
        snprintf(err, errlen, "tap device name '%s' is too long", name);
        return -1;
    }
    /* Attach only to an existing tap; never create one behind the user. */
    if (if_nametoindex(name) == 0) {
        snprintf(err, errlen,
                 "tap device '%s' does not exist (create it first, e.g. "
                 "ip tuntap add %s mode tap)",
                 name, name);
        return -1;
    }
    int fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, errlen, "/dev/net/tun: %s", strerror(errno));
        return -1;
    }
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    ifr.ifr_flags = IFF_TAP | IFF_NO_PI;
    memcpy(ifr.ifr_name, name, strlen(name));
    if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
        snprintf(err, errlen, "tap device '%s': %s (is it a tap, and free?)",
                 name, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

static int net_attach(struct mft_entry *e, const char *tap, char *err,
                      size_t errlen)
{
    int fd = tap_open(tap, err, errlen);
    if (fd < 0)
        return -1;
    uint8_t *mac = e->u.net_basic.mac;
    if (getrandom(mac, 6, 0) != 6) {
        snprintf(err, errlen, "getrandom: %s", strerror(errno));
        close(fd);
        return -1;
    }
    mac[0] = (uint8_t)((mac[0] & 0xfc) | 0x02); /* unicast, locally admin. */
    e->u.net_basic.mtu = NET_MTU;
    e->b.hostfd = fd;
    return 0;
}

static bool mac_valid(const char *value)
{
    uint8_t mac[6];
    return cli_parse_mac(value, mac) == 0;
}

static void mac_apply(struct mft_entry *e, const char *value)
{
    cli_parse_mac(value, e->u.net_basic.mac);
}

static const struct device_setting net_settings[] = {
    {"--net-mac", "a MAC address (aa:bb:cc:dd:ee:ff)", mac_valid, mac_apply},
    {NULL, NULL, NULL, NULL},
};

static const struct device_kind net_kind = {
    .type = MFT_DEV_NET_BASIC,
    .option = "--net",
    .value = "TAP",
    .attach = net_attach,
    .rights = SB_READ | SB_WRITE,
    .input = true,
    .settings = net_settings,
};
DEVICE_KIND(net_kind);
