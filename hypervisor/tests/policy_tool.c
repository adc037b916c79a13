/* SPDX-License-Identifier: GPL-2.0-or-later */
/* policy_tool BLOB... - prints the module loader's verdict ("ok" or the reason name) per blob,
 * for the differential test against tools/policy_reader.py. */
#include "scmi_policy.h"

#include <stdio.h>

static struct scmi_policy pol;
static uint8_t buf[0x100000 + 16];

int main(int argc, char **argv)
{
    for ( int i = 1; i < argc; i++ )
    {
        FILE *f = fopen(argv[i], "rb");
        size_t n;
        if ( !f )
        {
            perror(argv[i]);
            return 2;
        }
        n = fread(buf, 1, sizeof(buf), f);
        fclose(f);
        printf("%s\n", scmi_pol_reason_name(scmi_policy_load(&pol, buf, n)));
    }
    return 0;
}
