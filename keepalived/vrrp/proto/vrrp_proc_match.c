/*
 * Process tracking decisions: matching a process against a
 * vrrp_track_process block, counting matches per tracker, and the quorum
 * with its delays. See vrrp_proc_match.h for the rules; no system calls.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/log.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "keepalived/vrrp/proto/vrrp_proc_match.h"

/* Spec ------------------------------------------------------------------------ */

int
vrrp_proc_spec_init(struct vrrp_proc_spec *spec, const struct vrrp_track_process_conf *conf,
		    const char *const *words, size_t nwords)
{
	size_t len = 0;
	char *p;

	memset(spec, 0, sizeof(*spec));
	if (nwords == 0) {
		errno = EINVAL;
		return -1;
	}
	spec->path = strdup(words[0]);
	if (spec->path == NULL)
		goto error;
	for (size_t i = 1; i < nwords; i++)
		len += strlen(words[i]) + 1;
	if (len > 0) {
		spec->params = p = malloc(len);
		if (p == NULL)
			goto error;
		for (size_t i = 1; i < nwords; i++) {
			size_t n = strlen(words[i]) + 1;

			memcpy(p, words[i], n);
			p += n;
		}
		spec->params_len = len;
	}
	/* keepalived: parameters, or any param_match, mean the command line. */
	if (conf->param_match_initial)
		spec->param_match = VRRP_PROC_PARAMS_INITIAL;
	else if (conf->param_match_partial)
		spec->param_match = VRRP_PROC_PARAMS_PARTIAL;
	else if (nwords > 1 || conf->param_match_exact)
		spec->param_match = VRRP_PROC_PARAMS_EXACT;
	spec->full_command = conf->full_command || spec->param_match != VRRP_PROC_PARAMS_NONE;
	spec->quorum = conf->quorum;
	spec->quorum_max = conf->quorum_max;
	/* keepalived: quorum_max 0 means "up while none runs", so quorum becomes 0. */
	if (spec->quorum_max == 0)
		spec->quorum = 0;
	spec->fork_delay_us = conf->fork_delay_us;
	spec->terminate_delay_us = conf->terminate_delay_us;
	return 0;

error:
	vrrp_proc_spec_fini(spec);
	return -1;
}

int
vrrp_proc_spec_from_conf(struct vrrp_proc_spec *spec, const struct vrrp_track_process_conf *conf)
{
	const char *words[VRRP_PATH_MAX / 2 + 1];
	char copy[sizeof(conf->process)];
	size_t nwords = 0;
	char *save = NULL;

	memset(spec, 0, sizeof(*spec));
	snprintf(copy, sizeof(copy), "%s", conf->process);
	for (char *w = strtok_r(copy, " ", &save); w != NULL; w = strtok_r(NULL, " ", &save))
		words[nwords++] = w;
	/* A word with a space inside would shift the parameters: refuse it. */
	if (nwords == 0 || conf->nparams < 0 || nwords != (size_t)conf->nparams + 1) {
		errno = EINVAL;
		return -1;
	}
	return vrrp_proc_spec_init(spec, conf, words, nwords);
}

/* The words the configuration kept (words_len 0: an older caller, from process). */
static int
spec_from_words(struct vrrp_proc_spec *spec, const struct vrrp_track_process_conf *conf)
{
	const char *words[VRRP_PATH_MAX / 2 + 1];
	size_t nwords = 0;

	if (conf->words_len == 0 || conf->words_len > sizeof(conf->words) ||
	    conf->words[conf->words_len - 1] != '\0')
		return vrrp_proc_spec_from_conf(spec, conf);
	for (size_t off = 0; off < conf->words_len && nwords < sizeof(words) / sizeof(words[0]);
	     off += strlen(conf->words + off) + 1)
		words[nwords++] = conf->words + off;
	return vrrp_proc_spec_init(spec, conf, words, nwords);
}

void
vrrp_proc_spec_fini(struct vrrp_proc_spec *spec)
{
	free(spec->path);
	free(spec->params);
	spec->path = spec->params = NULL;
	spec->params_len = 0;
}

/* Whether the parameters of a command line (the bytes after argv[0]'s NUL) fit spec. */
static bool
params_match(const struct vrrp_proc_spec *spec, const char *params, size_t len)
{
	switch (spec->param_match) {
	case VRRP_PROC_PARAMS_NONE:
		return true;
	case VRRP_PROC_PARAMS_EXACT:
		/* The same words, the last NUL included: nothing more, nothing less. */
		return len == spec->params_len &&
		       (len == 0 || memcmp(params, spec->params, len) == 0);
	case VRRP_PROC_PARAMS_PARTIAL:
		return len >= spec->params_len &&
		       (spec->params_len == 0 ||
			memcmp(params, spec->params, spec->params_len) == 0);
	case VRRP_PROC_PARAMS_INITIAL:
		/* All but the last configured NUL: the last word may go on. */
		return len >= spec->params_len &&
		       (spec->params_len <= 1 ||
			memcmp(params, spec->params, spec->params_len - 1) == 0);
	}
	return false;
}

bool
vrrp_proc_match(const struct vrrp_proc_spec *spec, const char *comm, const char *cmdline,
		size_t cmdline_len)
{
	const char *nul;
	size_t argv0_len;

	if (spec->path == NULL)
		return false;
	if (!spec->full_command)
		return comm != NULL && strcmp(comm, spec->path) == 0;
	if (cmdline == NULL)
		return false;
	/* argv[0] ends at the first NUL, or with the bytes read. */
	nul = memchr(cmdline, '\0', cmdline_len);
	argv0_len = nul != NULL ? (size_t)(nul - cmdline) : cmdline_len;
	if (argv0_len != strlen(spec->path) || memcmp(cmdline, spec->path, argv0_len) != 0)
		return false;
	/*
	 * A command line rewritten into one string has no parameter list at
	 * all, not an empty one: keepalived then fails an exact match, and
	 * passes partial and initial only when they name no parameter.
	 */
	if (nul == NULL)
		return spec->param_match == VRRP_PROC_PARAMS_NONE ||
		       (spec->param_match != VRRP_PROC_PARAMS_EXACT && spec->params_len == 0);
	return params_match(spec, nul + 1, cmdline_len - argv0_len - 1);
}

/* The counted pids ------------------------------------------------------------ */

/* Index of the first pair >= (pid, tracker). */
static size_t
pid_lower_bound(const struct vrrp_proc_set *set, pid_t pid, uint32_t tracker)
{
	size_t lo = 0, hi = set->npids;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct vrrp_proc_pid *e = &set->pids[mid];

		if (e->pid < pid || (e->pid == pid && e->tracker < tracker))
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static bool
pid_counted(const struct vrrp_proc_set *set, pid_t pid, uint32_t tracker)
{
	size_t i = pid_lower_bound(set, pid, tracker);

	return i < set->npids && set->pids[i].pid == pid && set->pids[i].tracker == tracker;
}

static int
pid_insert(struct vrrp_proc_set *set, pid_t pid, uint32_t tracker)
{
	size_t i = pid_lower_bound(set, pid, tracker);

	if (set->npids == set->pids_cap) {
		size_t cap = set->pids_cap != 0 ? set->pids_cap * 2 : 16;
		struct vrrp_proc_pid *n = reallocarray(set->pids, cap, sizeof(*n));

		if (n == NULL)
			return -1;
		set->pids = n;
		set->pids_cap = cap;
	}
	memmove(&set->pids[i + 1], &set->pids[i], (set->npids - i) * sizeof(set->pids[0]));
	set->pids[i] = (struct vrrp_proc_pid){ pid, tracker };
	set->npids++;
	return 0;
}

static void
pid_erase_at(struct vrrp_proc_set *set, size_t i)
{
	memmove(&set->pids[i], &set->pids[i + 1], (set->npids - i - 1) * sizeof(set->pids[0]));
	set->npids--;
}

bool
vrrp_proc_set_counts_pid(const struct vrrp_proc_set *set, pid_t pid)
{
	size_t i = pid_lower_bound(set, pid, 0);

	return i < set->npids && set->pids[i].pid == pid;
}

/* Quorum ---------------------------------------------------------------------- */

static bool
in_quorum(const struct vrrp_proc_tracker *t)
{
	return t->count >= t->spec.quorum && t->count <= t->spec.quorum_max;
}

/* Report a quorum change (nothing if the tracker already says so). */
static void
set_up(struct vrrp_proc_set *set, size_t index, bool up)
{
	struct vrrp_proc_tracker *t = &set->trackers[index];

	if (t->up == up)
		return;
	t->up = up;
	/* keepalived's own line, so that log watchers keep working. */
	log_info("Quorum %s for tracked process %s", up ? "gained" : "lost", t->name);
	if (set->change != NULL)
		set->change(index, t->name, up, set->change_arg);
}

/*
 * One more matching process. Reaching quorum, or going past quorum_max,
 * is a crossing: it cancels a running terminate_delay (the process came
 * back), and otherwise a crossing by a fork waits fork_delay, since the
 * child usually executes another program at once.
 */
static void
count_add(struct vrrp_proc_set *set, size_t index, pid_t pid, bool by_fork, uint64_t now_us)
{
	struct vrrp_proc_tracker *t = &set->trackers[index];

	if (pid_counted(set, pid, (uint32_t)index))
		return;
	if (pid_insert(set, pid, (uint32_t)index) == -1) {
		set->nomem++;
		log_warnx("Tracked process %s: no memory to count pid %d", t->name, (int)pid);
		return;
	}
	t->count++;
	if (t->count != t->spec.quorum && (uint64_t)t->count != (uint64_t)t->spec.quorum_max + 1)
		return;
	if (t->terminate_deadline_us != 0) {
		t->terminate_deadline_us = 0;
	} else if (by_fork && t->spec.fork_delay_us != 0) {
		t->fork_deadline_us = now_us + t->spec.fork_delay_us;
		return;
	}
	set_up(set, index, t->count == t->spec.quorum);
}

/*
 * One matching process less, at pair i. Falling under quorum, or back to
 * quorum_max, is a crossing: it cancels a running fork_delay, and otherwise
 * an exit waits terminate_delay (a restart may follow); a process that
 * stopped matching (another name or program) counts at once.
 */
static void
count_remove_at(struct vrrp_proc_set *set, size_t i, bool by_exit, uint64_t now_us)
{
	size_t index = set->pids[i].tracker;
	struct vrrp_proc_tracker *t = &set->trackers[index];
	uint32_t before = t->count;

	pid_erase_at(set, i);
	t->count--;
	if (before != t->spec.quorum && t->count != t->spec.quorum_max)
		return;
	if (t->fork_deadline_us != 0) {
		t->fork_deadline_us = 0;
	} else if (by_exit && t->spec.terminate_delay_us != 0) {
		t->terminate_deadline_us = now_us + t->spec.terminate_delay_us;
		return;
	}
	set_up(set, index, t->count == t->spec.quorum_max);
}

static void
count_remove(struct vrrp_proc_set *set, size_t index, pid_t pid, bool by_exit, uint64_t now_us)
{
	size_t i = pid_lower_bound(set, pid, (uint32_t)index);

	if (i < set->npids && set->pids[i].pid == pid && set->pids[i].tracker == index)
		count_remove_at(set, i, by_exit, now_us);
}

/* The set --------------------------------------------------------------------- */

int
vrrp_proc_set_init(struct vrrp_proc_set *set, const struct vrrp_track_process_conf *list,
		   vrrp_proc_change_fn change, void *arg)
{
	const struct vrrp_track_process_conf *c;
	size_t n = 0;

	memset(set, 0, sizeof(*set));
	set->change = change;
	set->change_arg = arg;
	for (c = list; c != NULL; c = c->next)
		n++;
	if (n == 0)
		return 0;
	set->trackers = calloc(n, sizeof(set->trackers[0]));
	if (set->trackers == NULL)
		return -1;
	for (c = list; c != NULL; c = c->next) {
		struct vrrp_proc_tracker *t = &set->trackers[set->ntrackers++];

		t->name = strdup(c->name);
		if (t->name == NULL)
			goto error;
		if (spec_from_words(&t->spec, c) == -1) {
			if (errno == ENOMEM)
				goto error;
			/* Matches nothing: down, as a process that never runs. */
			set->bad_specs++;
			log_warnx("%s:%d: vrrp_track_process %s: process '%s' cannot be split into "
				  "its words; no process will match",
				  c->file, c->line, c->name, c->process);
			t->spec.quorum = c->quorum_max == 0 ? 0 : c->quorum;
			t->spec.quorum_max = c->quorum_max;
		} else if (t->spec.full_command) {
			/* argv[0], its NUL, the parameters, and a byte to see that more follows. */
			size_t need = strlen(t->spec.path) + 1 + t->spec.params_len + 1;

			set->need_cmdline = true;
			if (need > set->cmdline_max)
				set->cmdline_max = need;
		} else {
			set->need_comm = true;
			if (strlen(t->spec.path) > VRRP_PROC_COMM_MAX)
				log_warnx("%s:%d: vrrp_track_process %s: process names are at most "
					  "%d "
					  "bytes, so '%s' never matches (full_command matches the "
					  "command line)",
					  c->file, c->line, c->name, VRRP_PROC_COMM_MAX,
					  t->spec.path);
		}
		t->up = in_quorum(t);
	}
	return 0;

error:
	vrrp_proc_set_fini(set);
	return -1;
}

void
vrrp_proc_set_fini(struct vrrp_proc_set *set)
{
	for (size_t i = 0; i < set->ntrackers; i++) {
		free(set->trackers[i].name);
		vrrp_proc_spec_fini(&set->trackers[i].spec);
	}
	free(set->trackers);
	free(set->pids);
	memset(set, 0, sizeof(*set));
}

int
vrrp_proc_set_find(const struct vrrp_proc_set *set, const char *name)
{
	for (size_t i = 0; i < set->ntrackers; i++)
		if (strcmp(set->trackers[i].name, name) == 0)
			return (int)i;
	return -1;
}

/* Scans ----------------------------------------------------------------------- */

void
vrrp_proc_set_scan_begin(struct vrrp_proc_set *set)
{
	set->npids = 0;
	for (size_t i = 0; i < set->ntrackers; i++) {
		set->trackers[i].count = 0;
		set->trackers[i].fork_deadline_us = 0;
		set->trackers[i].terminate_deadline_us = 0;
	}
}

void
vrrp_proc_set_scan_process(struct vrrp_proc_set *set, pid_t pid, const char *comm,
			   const char *cmdline, size_t cmdline_len)
{
	for (size_t i = 0; i < set->ntrackers; i++) {
		struct vrrp_proc_tracker *t = &set->trackers[i];

		if (!vrrp_proc_match(&t->spec, comm, cmdline, cmdline_len) ||
		    pid_counted(set, pid, (uint32_t)i))
			continue;
		if (pid_insert(set, pid, (uint32_t)i) == -1) {
			set->nomem++;
			continue;
		}
		t->count++;
	}
}

void
vrrp_proc_set_scan_end(struct vrrp_proc_set *set, bool initial, uint64_t now_us)
{
	for (size_t i = 0; i < set->ntrackers; i++) {
		struct vrrp_proc_tracker *t = &set->trackers[i];
		bool now_up = in_quorum(t);

		if (initial)
			t->up = now_up;
		else if (now_up)
			set_up(set, i, true);
		else if (t->up && t->spec.terminate_delay_us != 0)
			t->terminate_deadline_us = now_us + t->spec.terminate_delay_us;
		else
			set_up(set, i, false);
	}
}

/* Events ---------------------------------------------------------------------- */

void
vrrp_proc_set_exec(struct vrrp_proc_set *set, pid_t pid, const char *comm, const char *cmdline,
		   size_t cmdline_len, uint64_t now_us)
{
	for (size_t i = 0; i < set->ntrackers; i++) {
		if (vrrp_proc_match(&set->trackers[i].spec, comm, cmdline, cmdline_len))
			count_add(set, i, pid, false, now_us);
		else
			count_remove(set, i, pid, false, now_us);
	}
}

void
vrrp_proc_set_comm(struct vrrp_proc_set *set, pid_t pid, const char *comm, uint64_t now_us)
{
	/* A new name says nothing about the command line. */
	for (size_t i = 0; i < set->ntrackers; i++) {
		if (set->trackers[i].spec.full_command)
			continue;
		if (vrrp_proc_match(&set->trackers[i].spec, comm, NULL, 0))
			count_add(set, i, pid, false, now_us);
		else
			count_remove(set, i, pid, false, now_us);
	}
}

void
vrrp_proc_set_fork(struct vrrp_proc_set *set, pid_t parent, pid_t child, uint64_t now_us)
{
	/* The child runs the parent's program: it counts for the parent's trackers. */
	if (!vrrp_proc_set_counts_pid(set, parent))
		return;
	for (size_t i = 0; i < set->ntrackers; i++)
		if (pid_counted(set, parent, (uint32_t)i))
			count_add(set, i, child, true, now_us);
}

void
vrrp_proc_set_exit(struct vrrp_proc_set *set, pid_t pid, uint64_t now_us)
{
	size_t i = pid_lower_bound(set, pid, 0);

	while (i < set->npids && set->pids[i].pid == pid)
		count_remove_at(set, i, true, now_us);
}

/* Delays ---------------------------------------------------------------------- */

uint64_t
vrrp_proc_set_next_deadline(const struct vrrp_proc_set *set)
{
	uint64_t next = 0;

	for (size_t i = 0; i < set->ntrackers; i++) {
		const struct vrrp_proc_tracker *t = &set->trackers[i];
		uint64_t d[2] = { t->fork_deadline_us, t->terminate_deadline_us };

		for (size_t k = 0; k < 2; k++)
			if (d[k] != 0 && (next == 0 || d[k] < next))
				next = d[k];
	}
	return next;
}

void
vrrp_proc_set_expire(struct vrrp_proc_set *set, uint64_t now_us)
{
	for (size_t i = 0; i < set->ntrackers; i++) {
		struct vrrp_proc_tracker *t = &set->trackers[i];
		bool due = false;

		if (t->fork_deadline_us != 0 && t->fork_deadline_us <= now_us) {
			t->fork_deadline_us = 0;
			due = true;
		}
		if (t->terminate_deadline_us != 0 && t->terminate_deadline_us <= now_us) {
			t->terminate_deadline_us = 0;
			due = true;
		}
		if (due)
			set_up(set, i, in_quorum(t));
	}
}
