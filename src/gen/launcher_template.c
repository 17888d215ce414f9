/* templates/run-container.in, compiled in so gxsys needs no data files
 * (the Makefile makes this object depend on the template). */
#include <stddef.h>

#include "launcher.h"

__asm__(".section .rodata\n"
        ".global launch_template\n"
        ".type launch_template, @object\n"
        "launch_template:\n"
        ".incbin \"templates/run-container.in\"\n"
        ".byte 0\n"
        "launch_template_end:\n"
        ".global launch_template_len\n"
        ".type launch_template_len, @object\n"
        ".balign 8\n"
        "launch_template_len:\n"
        ".quad launch_template_end - launch_template - 1\n"
        ".previous\n");
