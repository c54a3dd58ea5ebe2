/*
 * dev_tap.c: the network device kind (NET_BASIC) and its host backend:
 * --net:NAME=TAP opens an existing tap interface (never creates one) and
 * gives the device a random locally administered MAC and the tap's MTU
 * (SIOCGIFMTU, read before the sandbox; 68 to 9216, else refused);
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
#include <sys/socket.h>
#include <unistd.h>

#include "devices.h"

/* The MTUs taken: IPv4's minimum, jumbo frames (guest-rt's virtio-net). */
#define NET_MTU_MIN 68
#define NET_MTU_MAX 9216

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

/* The MTU of interface name into *mtu; 0, or -1 with err. */
static int tap_mtu(const char *name, unsigned *mtu, char *err, size_t errlen)
{
    struct ifreq ifr;
    memset(&ifr, 0, sizeof(ifr));
    memcpy(ifr.ifr_name, name, strlen(name));
    int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (s < 0 || ioctl(s, SIOCGIFMTU, &ifr) < 0) {
        snprintf(err, errlen, "tap device '%s': reading its MTU: %s", name,
                 strerror(errno));
        if (s >= 0)
            close(s);
        return -1;
    }
    close(s);
    if (ifr.ifr_mtu < NET_MTU_MIN || ifr.ifr_mtu > NET_MTU_MAX) {
        snprintf(err, errlen,
                 "tap device '%s' has MTU %d; vmm takes %d to %d (ip link "
                 "set %s mtu 9000)",
                 name, ifr.ifr_mtu, NET_MTU_MIN, NET_MTU_MAX, name);
        return -1;
    }
    *mtu = (unsigned)ifr.ifr_mtu;
    return 0;
}

static int net_attach(struct mft_entry *e, const char *tap, char *err,
                      size_t errlen)
{
    unsigned mtu;
    int fd = tap_open(tap, err, errlen);
    if (fd < 0)
        return -1;
    if (tap_mtu(tap, &mtu, err, errlen) < 0) {
        close(fd);
        return -1;
    }
    uint8_t *mac = e->u.net_basic.mac;
    if (getrandom(mac, 6, 0) != 6) {
        snprintf(err, errlen, "getrandom: %s", strerror(errno));
        close(fd);
        return -1;
    }
    mac[0] = (uint8_t)((mac[0] & 0xfc) | 0x02); /* unicast, locally admin. */
    e->u.net_basic.mtu = (uint16_t)mtu;
    e->b.hostfd = fd;
    return 0;
}

static int mac_check(const char *value, char *err, size_t errlen)
{
    uint8_t mac[6];
    if (cli_parse_mac(value, mac) == 0)
        return 0;
    snprintf(err, errlen, "'%s' is not a MAC address (aa:bb:cc:dd:ee:ff)",
             value);
    return -1;
}

static int mac_apply(struct mft_entry *e, const char *value, const char *tap,
                     char *err, size_t errlen)
{
    (void)tap, (void)err, (void)errlen;
    return cli_parse_mac(value, e->u.net_basic.mac);
}

static const struct device_setting net_settings[] = {
    {"--net-mac", mac_check, mac_apply},
    {NULL, NULL, NULL},
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
