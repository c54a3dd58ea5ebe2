# tools/bench: `make bench` (reported, never asserted).
$(BUILD)/tools/runtimes: tools/bench/runtimes.c
	@mkdir -p $(@D)
	$(CC) $(HOST_CFLAGS) -static -o $@ $<

bench: all guests $(BUILD)/tools/runtimes
	tools/bench/bench-hello
