/*
 * abi_note.c: the ABI1 note naming this image's target (hvt, ABI v2).
 * Linked into start.o together with start.S, so every image carries it.
 */
#include "hvt_abi.h"

ABI1_NOTE_DECLARE(HVT_ABI_TARGET, HVT_ABI_VERSION);
