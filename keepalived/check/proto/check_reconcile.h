/*
 * Bringing IPVS to the table the checker wants, through a small command
 * interface: the real one is generic netlink (kernel/ipvs_nl.c), the unit
 * tests pass a fake that keeps a table in memory.
 *
 * Only services this checker manages are touched: those it wants now and
 * those it wanted before (after a reload, the ones dropped from the
 * configuration). A service someone else made is left alone. A destination
 * that stays keeps its connections: it is edited in place, never removed
 * and added again.
 */
#ifndef CHECK_RECONCILE_H
#define CHECK_RECONCILE_H

#include "keepalived/check/proto/check_rs_table.h"

struct check_ipvs_ops {
	/* The kernel's table now; 0 or -1. */
	int (*list)(void *ctx, struct check_ipvs_table *out);
	int (*svc_add)(void *ctx, const struct check_ipvs_svc *s);
	int (*svc_edit)(void *ctx, const struct check_ipvs_svc *s);
	int (*svc_del)(void *ctx, const struct check_ipvs_svc *s);
	int (*dest_add)(void *ctx, const struct check_ipvs_svc *s, const struct check_ipvs_dest *d);
	int (*dest_edit)(void *ctx, const struct check_ipvs_svc *s,
			 const struct check_ipvs_dest *d);
	int (*dest_del)(void *ctx, const struct check_ipvs_svc *s, const struct check_ipvs_dest *d);
	void *ctx;
};

/* What one pass did, for the log and the status. */
struct check_reconcile_stats {
	unsigned svc_added, svc_edited, svc_deleted;
	unsigned dest_added, dest_edited, dest_deleted;
	unsigned errors;
};

/*
 * Make the kernel hold want, given that previously wanted prev (NULL at
 * start). A failing command is logged and counted, and the pass goes on:
 * the next pass retries what is still different. Returns 0, or -1 when the
 * kernel's table could not be read.
 */
int check_reconcile(const struct check_ipvs_ops *ops, const struct check_ipvs_table *want,
		    const struct check_ipvs_table *prev, struct check_reconcile_stats *st);

/* Stop: remove the services of managed (what was wanted last). */
int check_reconcile_release(const struct check_ipvs_ops *ops,
			    const struct check_ipvs_table *managed,
			    struct check_reconcile_stats *st);

/* lvs_flush, lvs_flush_on_stop: every service in the kernel's table removed, ours or not. */
int check_reconcile_flush(const struct check_ipvs_ops *ops, struct check_reconcile_stats *st);

#endif
