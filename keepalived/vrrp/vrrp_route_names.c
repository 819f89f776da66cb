/*
 * The iproute2 name files (rt_tables, rt_protos, rt_scopes, rt_dsfield,
 * rt_realms, group) for the route and rule parser: read here, outside the
 * configuration layer, which makes no system calls and reaches this file
 * only through vrrp_route_name_lookup (vrrp_route.h).
 */
#include "keepalived/vrrp/vrrp_route.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "keepalived/vrrp/vrrp_route_priv.h"

/* Look name up in one "NUMBER NAME" file; true if found. */
static bool
names_file_lookup(const char *path, const char *name, uint64_t *out)
{
	char line[256], word[128];
	bool found = false;
	uint64_t v;
	FILE *f;

	if ((f = fopen(path, "re")) == NULL)
		return false;
	while (!found && fgets(line, sizeof(line), f) != NULL) {
		char num[32];

		if (sscanf(line, " %31s %127s", num, word) != 2 || num[0] == '#')
			continue;
		if (strcmp(word, name) == 0 && rp_parse_uint(num, UINT32_MAX, &v)) {
			*out = v;
			found = true;
		}
	}
	fclose(f);
	return found;
}

bool
vrrp_route_names_read(const char *dir, const char *file, const char *name, uint64_t *out)
{
	char path[PATH_MAX];
	struct dirent *de;
	bool found;
	DIR *d;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if (names_file_lookup(path, name, out))
		return true;
	snprintf(path, sizeof(path), "%s/%s.d", dir, file);
	if ((d = opendir(path)) == NULL)
		return false;
	found = false;
	while (!found && (de = readdir(d)) != NULL) {
		size_t n = strlen(de->d_name);
		char sub[PATH_MAX + 256];

		if (n < 6 || strcmp(de->d_name + n - 5, ".conf") != 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		found = names_file_lookup(sub, name, out);
	}
	closedir(d);
	return found;
}
