/* templates/bundle.in, compiled in so gxsys needs no data files (the
 * Makefile makes this object depend on the template). */
#include <stddef.h>

#include "bundle.h"

__asm__(".section .rodata\n"
        ".global bundle_template\n"
        ".type bundle_template, @object\n"
        "bundle_template:\n"
        ".incbin \"templates/bundle.in\"\n"
        ".byte 0\n"
        "bundle_template_end:\n"
        ".global bundle_template_len\n"
        ".type bundle_template_len, @object\n"
        ".balign 8\n"
        "bundle_template_len:\n"
        ".quad bundle_template_end - bundle_template - 1\n"
        ".previous\n");
