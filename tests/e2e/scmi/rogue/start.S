/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * start.S - entry of the rogue SCMI guest: an arm64 Image header (Linux
 * Documentation/arm64/booting.rst; Xen 4.17 kernel_zimage64_probe reads text_offset and the
 * "ARM\x64" magic), then stacks for two vCPUs and a jump into C. MMU and caches stay off.
 */
    .section .text.head, "ax"
    .globl _start
_start:
    b       primary                 /* code0 */
    .long   0                       /* code1 */
    .quad   0x80000                 /* text_offset */
    .quad   _end - _start           /* image_size */
    .quad   0x2                     /* flags: little-endian, 4K pages */
    .quad   0, 0, 0                 /* res2..res4 */
    .ascii  "ARM\x64"               /* magic */
    .long   0                       /* res5 */

primary:
    ldr     x1, =stack0_top
    mov     sp, x1
    ldr     x1, =__bss_start        /* clear .bss */
    ldr     x2, =__bss_end
1:  cmp     x1, x2
    b.hs    2f
    str     xzr, [x1], #8
    b       1b
2:  bl      rogue_main
3:  wfi
    b       3b

    .globl secondary_entry
secondary_entry:                    /* PSCI CPU_ON lands here with MMU off */
    ldr     x1, =stack1_top
    mov     sp, x1
    bl      rogue_secondary
4:  wfi
    b       4b

/* hvc(x0..x3, imm 0): SMCCC 1.1 call, returns x0. */
    .globl  smccc_hvc
smccc_hvc:
    hvc     #0
    ret

/* console_io(cmd, count, buf): Xen hypercall 18, hvc #0xEA1 with the number in x16. */
    .globl  xen_console_io
xen_console_io:
    mov     x16, #18
    hvc     #0xEA1
    ret

    .bss
    .balign 16
    .space  8192
stack0_top:
    .space  8192
stack1_top:
