/*
 * The segment monitor's model (keepalived/vrrp/proto/vrrp_segmon.h) as
 * `keepalivectl monitor` prints it:
 *
 *   vrrp_segmon_json()   one line: a JSON array with one object per virtual
 *                        router, ordered by family then VRID:
 *                        {"vrid", "family", "routers": [one per sender],
 *                         "problems": [strings]}
 *   vrrp_segmon_table()  the table of the live view, problems under each
 *                        virtual router, counters at the foot.
 *
 * now_us is the time the snapshot describes (the capture clock: the last
 * frame's time when reading a file).
 */
#ifndef VRRP_SEGMON_FMT_H
#define VRRP_SEGMON_FMT_H

#include <stdint.h>
#include <stdio.h>

#include "keepalived/vrrp/proto/vrrp_segmon.h"

void vrrp_segmon_json(FILE *out, const struct vrrp_segmon *m, int64_t now_us);
void vrrp_segmon_table(FILE *out, const struct vrrp_segmon *m, int64_t now_us, const char *title);

#endif
