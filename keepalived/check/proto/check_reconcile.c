/*
 * The reconciler: desired table against the kernel's, one command per
 * difference, in an order the kernel accepts (a service before its
 * destinations, destinations removed before their service).
 */
#include "config.h"

#include "keepalived/check/proto/check_reconcile.h"

#include <errno.h>
#include <string.h>

#include "lib/log.h"

static void
failed(struct check_reconcile_stats *st, const char *what, const struct check_ipvs_svc *s)
{
	char name[128];

	st->errors++;
	log_warn("IPVS: %s %s failed", what, check_svc_fmt(name, sizeof(name), s));
}

static void
sync_dests(const struct check_ipvs_ops *ops, const struct check_ipvs_entry *want,
	   const struct check_ipvs_entry *have, struct check_reconcile_stats *st)
{
	for (unsigned i = 0; have != NULL && i < have->n_dests; i++) {
		const struct check_ipvs_dest *d = &have->dests[i];
		bool keep = false;

		for (unsigned j = 0; j < want->n_dests && !keep; j++)
			keep = check_dest_same(d, &want->dests[j]);
		if (keep)
			continue;
		if (ops->dest_del(ops->ctx, &want->svc, d) == -1)
			failed(st, "removing a destination of", &want->svc);
		else
			st->dest_deleted++;
	}
	for (unsigned j = 0; j < want->n_dests; j++) {
		const struct check_ipvs_dest *d = &want->dests[j], *cur = NULL;

		for (unsigned i = 0; have != NULL && i < have->n_dests && cur == NULL; i++)
			if (check_dest_same(&have->dests[i], d))
				cur = &have->dests[i];
		if (cur == NULL) {
			if (ops->dest_add(ops->ctx, &want->svc, d) == -1)
				failed(st, "adding a destination to", &want->svc);
			else
				st->dest_added++;
		} else if (!check_dest_settings_equal(cur, d)) {
			if (ops->dest_edit(ops->ctx, &want->svc, d) == -1)
				failed(st, "changing a destination of", &want->svc);
			else
				st->dest_edited++;
		}
	}
}

int
check_reconcile(const struct check_ipvs_ops *ops, const struct check_ipvs_table *want,
		const struct check_ipvs_table *prev, struct check_reconcile_stats *st)
{
	struct check_ipvs_table have = { 0 };

	memset(st, 0, sizeof(*st));
	if (ops->list(ops->ctx, &have) == -1) {
		log_warn("IPVS: cannot read the kernel's table");
		st->errors++;
		return -1;
	}
	/* Services no longer wanted go first, so that their addresses are free. */
	for (unsigned i = 0; prev != NULL && i < prev->n_svcs; i++) {
		const struct check_ipvs_svc *s = &prev->svcs[i].svc;

		if (check_table_find(want, s) != NULL || check_table_find(&have, s) == NULL)
			continue;
		if (ops->svc_del(ops->ctx, s) == -1)
			failed(st, "removing service", s);
		else
			st->svc_deleted++;
	}
	for (unsigned i = 0; i < want->n_svcs; i++) {
		const struct check_ipvs_entry *w = &want->svcs[i];
		const struct check_ipvs_entry *h = check_table_find(&have, &w->svc);

		if (h == NULL) {
			if (ops->svc_add(ops->ctx, &w->svc) == -1) {
				failed(st, "adding service", &w->svc);
				continue;
			}
			st->svc_added++;
		} else if (!check_svc_settings_equal(&h->svc, &w->svc)) {
			if (ops->svc_edit(ops->ctx, &w->svc) == -1)
				failed(st, "changing service", &w->svc);
			else
				st->svc_edited++;
		}
		sync_dests(ops, w, h, st);
	}
	check_table_clear(&have);
	return 0;
}

int
check_reconcile_release(const struct check_ipvs_ops *ops, const struct check_ipvs_table *managed,
			struct check_reconcile_stats *st)
{
	memset(st, 0, sizeof(*st));
	for (unsigned i = 0; i < managed->n_svcs; i++) {
		const struct check_ipvs_svc *s = &managed->svcs[i].svc;

		/* Gone already (someone ran ipvsadm -C): nothing to undo. */
		if (ops->svc_del(ops->ctx, s) == -1 && errno != ESRCH && errno != ENOENT)
			failed(st, "removing service", s);
		else
			st->svc_deleted++;
	}
	return 0;
}

int
check_reconcile_flush(const struct check_ipvs_ops *ops, struct check_reconcile_stats *st)
{
	struct check_ipvs_table have = { 0 };

	memset(st, 0, sizeof(*st));
	if (ops->list(ops->ctx, &have) == -1) {
		log_warn("IPVS: cannot read the kernel's table");
		st->errors++;
		return -1;
	}
	for (unsigned i = 0; i < have.n_svcs; i++) {
		const struct check_ipvs_svc *s = &have.svcs[i].svc;

		if (ops->svc_del(ops->ctx, s) == -1 && errno != ESRCH && errno != ENOENT)
			failed(st, "removing service", s);
		else
			st->svc_deleted++;
	}
	check_table_clear(&have);
	return 0;
}
