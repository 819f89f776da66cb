/*
 * Commands in keepalived.conf (vrrp_conf_track.h): a script string split
 * into words as keepalived splits it, quotes and escapes included, and
 * nothing a shell would do (no expansion, no redirection, no globbing).
 */
#include "keepalived/vrrp/conf/vrrp_conf_track.h"

#include <stdlib.h>
#include <string.h>

/* Value of an escape sequence at *pp (just after the backslash); advances *pp. */
static char
cmd_escape(const char **pp)
{
	const char *p = *pp;
	unsigned v = 0;
	int n;

	switch (*p) {
	case 'a':
		*pp = p + 1;
		return '\a';
	case 'b':
		*pp = p + 1;
		return '\b';
	case 'E':
		*pp = p + 1;
		return '\033';
	case 'f':
		*pp = p + 1;
		return '\f';
	case 'n':
		*pp = p + 1;
		return '\n';
	case 'r':
		*pp = p + 1;
		return '\r';
	case 't':
		*pp = p + 1;
		return '\t';
	case 'v':
		*pp = p + 1;
		return '\v';
	case 'c':
		if (p[1] != '\0') {
			*pp = p + 2;
			return (char)(p[1] & 0x1f);
		}
		break;
	case 'x':
		for (n = 0, p++; n < 2 && strchr("0123456789abcdefABCDEF", *p) != NULL && *p;
		     n++, p++)
			v = v * 16 + (unsigned)(*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
		if (n > 0) {
			*pp = p;
			return (char)v;
		}
		p = *pp;
		break;
	default:
		if (*p >= '0' && *p <= '7') {
			for (n = 0; n < 3 && *p >= '0' && *p <= '7'; n++, p++)
				v = v * 8 + (unsigned)(*p - '0');
			*pp = p;
			return (char)v;
		}
		break;
	}
	*pp = p + 1;
	return *p;
}

/*
 * Split text into words. Written into out (which has room for text, since
 * a word is never longer than what it was written as); word starts go to
 * starts[]. Returns the number of words or -1.
 */
static int
cmd_split(const char *text, char *out, char **starts, int max, const char **err)
{
	const char *p = text;
	char quote = 0, *o = out;
	int n = 0;
	bool in_word = false;

	for (; *p != '\0'; p++) {
		if (quote == 0 && (*p == ' ' || *p == '\t')) {
			if (in_word)
				*o++ = '\0';
			in_word = false;
			continue;
		}
		if (!in_word) {
			if (n == max) {
				*err = "too many words";
				return -1;
			}
			starts[n++] = o;
			in_word = true;
		}
		if (quote == 0 && (*p == '\'' || *p == '"')) {
			quote = *p;
		} else if (quote != 0 && *p == quote) {
			quote = 0;
		} else if (*p == '\\' && p[1] != '\0') {
			p++;
			*o++ = cmd_escape(&p);
			p--;
		} else {
			*o++ = *p;
		}
	}
	if (quote != 0) {
		*err = "unbalanced quote";
		return -1;
	}
	if (in_word)
		*o = '\0';
	if (n == 0)
		*err = "empty command";
	return n == 0 ? -1 : n;
}

int
vrrp_cmd_parse(const char *text, struct vrrp_cmd *cmd, const char **err)
{
	char *starts[CFG_MAX_ARGS];
	size_t len = strlen(text);
	char *words, *block;
	int n;

	memset(cmd, 0, sizeof(*cmd));
	*err = "out of memory";
	words = malloc(len + 1);
	if (words == NULL)
		return -1;
	n = cmd_split(text, words, starts, CFG_MAX_ARGS, err);
	if (n < 0) {
		free(words);
		return -1;
	}
	/* One block: the argv array, then the words, then the text. */
	block = malloc(sizeof(char *) * (size_t)(n + 1) + 2 * (len + 1));
	if (block == NULL) {
		free(words);
		return -1;
	}
	cmd->argv = (char **)(void *)block;
	memcpy(block + sizeof(char *) * (size_t)(n + 1), words, len + 1);
	for (int i = 0; i < n; i++)
		cmd->argv[i] = block + sizeof(char *) * (size_t)(n + 1) + (starts[i] - words);
	cmd->argv[n] = NULL;
	cmd->argc = n;
	cmd->text = block + sizeof(char *) * (size_t)(n + 1) + len + 1;
	memcpy(cmd->text, text, len + 1);
	free(words);
	return 0;
}

void
vrrp_cmd_free(struct vrrp_cmd *cmd)
{
	if (cmd == NULL)
		return;
	free(cmd->argv);
	cmd->argv = NULL;
	cmd->text = NULL;
	cmd->argc = 0;
}
