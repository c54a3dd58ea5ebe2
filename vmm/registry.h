/*
 * registry.h: tables that fill themselves at link time. A file registers an
 * entry with VMM_REGISTER(table, var); a linker section per table collects
 * pointers to every registered entry of the objects linked into vmm, so a
 * new target, device, command or hypercall touches only its own file.
 *
 *   static const struct foo mine = {...};
 *   VMM_REGISTER(foos, mine);
 *
 *   VMM_REGISTRY(foos, struct foo);             // once, where it is read
 *   VMM_FOREACH(foos, struct foo, f)  use(f);   // f: const struct foo *
 *
 * The tables: targets, commands, device_kinds (vmm/), pc_devices (pc/),
 * virtio_kinds (virtio/), hvt_hypercalls (hvt/), xen_hypercalls (xen-pvh/).
 */
#ifndef VMM_REGISTRY_H
#define VMM_REGISTRY_H

#define VMM_REGISTER(table_, var_)                                             \
    static const __typeof__(var_) *const vmm_reg_##table_##_##var_           \
        __attribute__((                                                        \
        used, section("vmm_" #table_), aligned(sizeof(void *)))) = &var_

/* The section's bounds, which the linker provides. */
#define VMM_REGISTRY(table_, type_)                                            \
    extern const type_ *const __start_vmm_##table_[];                          \
    extern const type_ *const __stop_vmm_##table_[]

#define VMM_FOREACH(table_, type_, it_)                                        \
    for (const type_ *const *it_##_p = __start_vmm_##table_, *it_;            \
         it_##_p < __stop_vmm_##table_ && ((it_ = *it_##_p), 1); it_##_p++)

/*
 * The table's entries in ascending ->rank into out_ (an array of at most
 * max_ pointers), their number into n_ (an unsigned lvalue).
 */
#define VMM_RANKED(table_, type_, out_, max_, n_)                              \
    do {                                                                       \
        (n_) = 0;                                                              \
        VMM_FOREACH(table_, type_, e_)                                         \
        {                                                                      \
            if ((n_) == (max_))                                                \
                break;                                                         \
            unsigned i_ = (n_)++;                                              \
            for (; i_ > 0 && (out_)[i_ - 1]->rank > e_->rank; i_--)            \
                (out_)[i_] = (out_)[i_ - 1];                                   \
            (out_)[i_] = e_;                                                   \
        }                                                                      \
    } while (0)

#endif
