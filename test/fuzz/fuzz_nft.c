/*
 * The no_accept table (keepalived/vrrp/kernel/vrrp_nft.h) for the fuzz
 * target: never opened, so that a fuzzed no_accept touches no firewall of
 * the host. The instances then run as when the kernel refuses the table.
 */
#include "keepalived/vrrp/kernel/vrrp_nft.h"

#include <stddef.h>

int
vrrp_nft_open(const struct vrrp_nft_opts *opts, struct vrrp_nft **out)
{
	return vrrp_nft_open_with(opts, NULL, 0, out);
}

int
vrrp_nft_open_with(const struct vrrp_nft_opts *opts, const struct vrrp_nft_addr *addrs, size_t n,
		   struct vrrp_nft **out)
{
	*out = NULL;
	return -1;
}

const struct vrrp_nft_opts *
vrrp_nft_opts(const struct vrrp_nft *nft)
{
	return NULL;
}

int
vrrp_nft_vips(struct vrrp_nft *nft, enum vrrp_nft_op op, const struct vrrp_nft_addr *addrs,
	      size_t n)
{
	return -1;
}

int
vrrp_nft_replace(struct vrrp_nft *nft, const struct vrrp_nft_addr *addrs, size_t n)
{
	return -1;
}

int
vrrp_nft_vmacs(struct vrrp_nft *nft, const struct vrrp_nft_vmac *v, size_t n)
{
	return -1;
}

void
vrrp_nft_close(struct vrrp_nft *nft)
{
}

void
vrrp_nft_detach(struct vrrp_nft *nft)
{
}
