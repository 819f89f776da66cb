/*
 * bfd_instance NAME { ... } blocks as keepalived.conf(5) describes them:
 * neighbor_ip (neighbour_ip), source_ip, min_rx, min_tx, idle_tx,
 * multiplier, passive, ttl, hoplimit, max_hops, weight [reverse], vrrp,
 * checker. Values keepalived 2.2.7 refuses are warned about and ignored,
 * with its words; an instance without a neighbor (or a malformed one), with
 * the neighbor of another instance (unless both have different sources), or
 * with a source of the other family is dropped.
 *
 * Parsing only; the sessions run in keepalived/vrrp/run/bfd_run.c.
 */
#ifndef BFD_CONF_H
#define BFD_CONF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "keepalived/vrrp/conf/vrrp_conf.h"
#include "keepalived/vrrp/conf/vrrp_conf_track.h"
#include "lib/conf_reader.h"

#define BFD_MIN_RX_DEFAULT_US 10000u
#define BFD_MIN_TX_DEFAULT_US 10000u
#define BFD_IDLE_TX_DEFAULT_US 1000000u
#define BFD_MULT_DEFAULT 5
#define BFD_TTL4_DEFAULT 255
#define BFD_HOPLIMIT6_DEFAULT 64

struct bfd_instance_conf {
	char name[VRRP_NAME_MAX];
	int family; /* of the neighbor; 0 while none is set */
	union vrrp_addr neighbor;
	bool has_source;
	union vrrp_addr source;
	int source_family;
	uint32_t min_rx_us, min_tx_us, idle_tx_us;
	uint8_t mult;
	bool passive;
	uint8_t ttl;  /* ttl / hoplimit sent; 0: the family's default */
	int max_hops; /* -1..255; 255: no hop count check */
	int weight;   /* default tracking weight, -253..253 */
	bool reverse;
	bool vrrp, checker; /* where events go; neither: both */
	char file[VRRP_PATH_MAX];
	int line;
	struct bfd_conf *owner; /* the list it is in (for the block's close) */
	bool invalid;           /* a malformed neighbor: dropped at the block's end */
	struct bfd_instance_conf *next;
};

struct bfd_conf {
	struct bfd_instance_conf *instances; /* in file order */
	size_t n;
	bool not_run; /* -B: no session runs; track_bfd sees them down */
};

extern const struct cfg_keyword bfd_instance_keywords[];
/* `bfd_instance NAME {`: the new instance, or NULL (block skipped) after a warning. */
void *bfd_instance_open(struct cfg_reader *r, int argc, char *argv[], struct vrrp_conf *conf);
/* The block's '}': drops an instance keepalived would disable (warned). */
int bfd_instance_close(struct cfg_reader *r, void *obj);

/* Sessions to run: bfd_instances configured and not -B. */
static inline bool
bfd_conf_runs(const struct bfd_conf *b)
{
	return b != NULL && b->n > 0 && !b->not_run;
}

/* The instance named name, or NULL. */
const struct bfd_instance_conf *bfd_conf_find(const struct vrrp_conf *conf, const char *name);
/* The ttl or hop limit sent. */
uint8_t bfd_conf_ttl(const struct bfd_instance_conf *b);
/* Does the VRRP side get this instance's events (not `checker` alone)? */
bool bfd_conf_for_vrrp(const struct bfd_instance_conf *b);
/* Does the health checker get them (not `vrrp` alone)? */
bool bfd_conf_for_checker(const struct bfd_instance_conf *b);
void bfd_conf_free(struct vrrp_conf *conf);
/* -d: the blocks in keepalived.conf syntax, one line per call of out. */
void bfd_conf_dump(const struct vrrp_conf *conf, void (*out)(const char *line, void *arg),
		   void *arg);

#endif
