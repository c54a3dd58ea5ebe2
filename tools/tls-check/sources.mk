# tools/tls-check/sources.mk: the C half of `vmm tls-check`, linked into
# vmm (it registers itself as a command); the rest is in tls-check.mk.
VMM_SRCS += $(wildcard tools/tls-check/*.c)
