# tests/: unit tests (Criterion, tests/unit) and guest tests (tests/guests),
# the guests booted by tools/run-guests (directly, or in the KVM box).
-include tests/unit/unit.mk
-include tests/guests/guests.mk

.PHONY: check
check: all guests
	tools/run-guests

TEST_TARGETS += check
