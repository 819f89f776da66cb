/*
 * Non-blocking sockets and OpenSSL sessions for the checker's probes.
 * Errors are returned, never logged here (the probe turns them into
 * keepalived's sentence), except when a TLS context cannot be built, which
 * happens once at start-up.
 *
 * libssl is loaded with dlopen() by the first TLS context, not linked: the
 * daemon is one executable, and a linked libssl (with libcrypto) was mapped
 * and relocated in every process, the VRRP process included, which never
 * speaks TLS: about 1.7 MB resident, 0.45 MB of it private (issue 14). The
 * soname is the one of the headers we were built with.
 */
#include "config.h"

#include "keepalived/check/kernel/check_io.h"

#include <dlfcn.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/opensslv.h>
#include <openssl/ssl.h>

#include "lib/log.h"

#if OPENSSL_VERSION_MAJOR < 3
#error "check_io.c loads libssl.so.OPENSSL_SHLIB_VERSION: OpenSSL 3 or later"
#endif

int
check_io_connect(const struct check_io_conn *io, int type, int protocol, bool *in_progress,
		 const char **stage)
{
	int fd, e, one = 1;

	*in_progress = false;
	*stage = "socket";
	fd = socket(io->dst.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
	if (fd == -1)
		return -1;
	*stage = "option";
	if (io->fwmark != 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_MARK, &io->fwmark, sizeof(io->fwmark)) == -1)
		goto error;
	if (io->bind_if[0] != '\0' && setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, io->bind_if,
						 (socklen_t)strlen(io->bind_if)) == -1)
		goto error;
	if (io->src_len > 0) {
		*stage = "bind";
		/* A fixed bind_port is reused from one check to the next at once. */
		if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) == -1 ||
		    bind(fd, (const struct sockaddr *)&io->src, io->src_len) == -1)
			goto error;
	}
	*stage = "connect";
	if (connect(fd, (const struct sockaddr *)&io->dst, io->dst_len) == 0)
		return fd;
	if (errno == EINPROGRESS) {
		*in_progress = true;
		return fd;
	}
error:
	e = errno;
	close(fd);
	errno = e;
	return -1;
}

int
check_io_connect_result(int fd)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) == -1)
		return errno;
	return err;
}

/* TLS ----------------------------------------------------------------------------------------- */

#define TLS_STR_(x) #x
#define TLS_STR(x) TLS_STR_(x)
#define TLS_SONAME "libssl.so." TLS_STR(OPENSSL_SHLIB_VERSION)

/* Every OpenSSL function this file calls, reached through tls_fn; typed
 * from the headers, so a call is checked as a direct one would be.
 * ERR_clear_error is libcrypto's, found through libssl's dependencies. */
#define TLS_FUNCS(X)                              \
	X(TLS_client_method)                      \
	X(SSL_CTX_new)                            \
	X(SSL_CTX_ctrl)                           \
	X(SSL_CTX_use_certificate_chain_file)     \
	X(SSL_CTX_set_default_passwd_cb_userdata) \
	X(SSL_CTX_set_default_passwd_cb)          \
	X(SSL_CTX_use_PrivateKey_file)            \
	X(SSL_CTX_load_verify_locations)          \
	X(SSL_CTX_set_verify_depth)               \
	X(SSL_CTX_free)                           \
	X(SSL_new)                                \
	X(SSL_set_fd)                             \
	X(SSL_ctrl)                               \
	X(SSL_set_connect_state)                  \
	X(SSL_set_quiet_shutdown)                 \
	X(SSL_free)                               \
	X(SSL_get_error)                          \
	X(SSL_do_handshake)                       \
	X(SSL_write_ex)                           \
	X(SSL_read_ex)                            \
	X(ERR_clear_error)

static struct {
	void *handle;
#define TLS_FN_FIELD(name) __typeof__(&name) name;
	TLS_FUNCS(TLS_FN_FIELD)
#undef TLS_FN_FIELD
} tls_fn;

/*
 * Load libssl and resolve tls_fn, once; never unloaded (OpenSSL keeps
 * state until exit). Returns 0, or -1 after logging why.
 */
static int
tls_load(void)
{
	void *h;

	if (tls_fn.handle != NULL)
		return 0;
	h = dlopen(TLS_SONAME, RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		log_warnx("SSL error: cannot load %s: %s", TLS_SONAME, dlerror());
		return -1;
	}
#define TLS_FN_LOAD(name)                                                \
	if ((*(void **)&tls_fn.name = dlsym(h, #name)) == NULL) {        \
		log_warnx("SSL error: %s has no %s", TLS_SONAME, #name); \
		memset(&tls_fn, 0, sizeof(tls_fn));                      \
		dlclose(h);                                              \
		return -1;                                               \
	}
	TLS_FUNCS(TLS_FN_LOAD)
#undef TLS_FN_LOAD
	tls_fn.handle = h;
	return 0;
}

static int
tls_password_cb(char *buf, int size, int rwflag, void *arg)
{
	const char *password = arg;
	size_t len = strlen(password);

	(void)rwflag;
	if (size <= 0)
		return 0;
	if (len >= (size_t)size)
		len = (size_t)size - 1;
	memcpy(buf, password, len);
	buf[len] = '\0';
	return (int)len;
}

SSL_CTX *
check_io_tls_ctx_new(const char *ca, const char *cert, const char *key, const char *password)
{
	SSL_CTX *ctx;

	if (tls_load() == -1)
		return NULL;
	ctx = tls_fn.SSL_CTX_new(tls_fn.TLS_client_method());
	if (ctx == NULL) {
		log_warnx("SSL error: cannot create new SSL context");
		return NULL;
	}
	/* The checker is one process: a write to a closed peer must not kill it.
	 * (SSL_CTX_set_mode() is this SSL_CTX_ctrl() call.) */
	tls_fn.SSL_CTX_ctrl(ctx, SSL_CTRL_MODE,
			    SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER,
			    NULL);
	if (cert != NULL && tls_fn.SSL_CTX_use_certificate_chain_file(ctx, cert) != 1) {
		log_warnx("SSL error : Cant load certificate file...");
		goto error;
	}
	if (password != NULL) {
		tls_fn.SSL_CTX_set_default_passwd_cb_userdata(ctx, (void *)password);
		tls_fn.SSL_CTX_set_default_passwd_cb(ctx, tls_password_cb);
	}
	if (key != NULL && tls_fn.SSL_CTX_use_PrivateKey_file(ctx, key, SSL_FILETYPE_PEM) != 1) {
		log_warnx("SSL error : Cant load key file...");
		goto error;
	}
	if (ca != NULL && tls_fn.SSL_CTX_load_verify_locations(ctx, ca, NULL) != 1) {
		log_warnx("SSL error : Cant load CA file...");
		goto error;
	}
	tls_fn.SSL_CTX_set_verify_depth(ctx, 1);
	return ctx;
error:
	tls_fn.ERR_clear_error();
	tls_fn.SSL_CTX_free(ctx);
	return NULL;
}

void
check_io_tls_ctx_free(SSL_CTX *ctx)
{
	/* A context exists only once libssl is loaded. */
	if (ctx != NULL)
		tls_fn.SSL_CTX_free(ctx);
}

SSL *
check_io_tls_new(SSL_CTX *ctx, int fd, const char *sni)
{
	SSL *ssl = tls_fn.SSL_new(ctx);

	if (ssl == NULL)
		return NULL;
	/* The SNI's SSL_ctrl() call is SSL_set_tlsext_host_name(). */
	if (tls_fn.SSL_set_fd(ssl, fd) != 1 ||
	    (sni != NULL && sni[0] != '\0' &&
	     tls_fn.SSL_ctrl(ssl, SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
			     (void *)sni) != 1)) {
		tls_fn.SSL_free(ssl);
		tls_fn.ERR_clear_error();
		return NULL;
	}
	tls_fn.SSL_set_connect_state(ssl);
	return ssl;
}

void
check_io_tls_free(SSL *ssl)
{
	if (ssl == NULL)
		return;
	/* No close_notify exchange: the probe is done with the peer either way. */
	tls_fn.SSL_set_quiet_shutdown(ssl, 1);
	tls_fn.SSL_free(ssl);
}

static enum check_io_tls
tls_status(SSL *ssl, int ret)
{
	switch (tls_fn.SSL_get_error(ssl, ret)) {
	case SSL_ERROR_WANT_READ:
		return CHECK_IO_TLS_WANT_READ;
	case SSL_ERROR_WANT_WRITE:
		return CHECK_IO_TLS_WANT_WRITE;
	case SSL_ERROR_ZERO_RETURN:
		return CHECK_IO_TLS_EOF;
	default:
		/* The queue is per thread: leave nothing for the next probe to misread. */
		tls_fn.ERR_clear_error();
		return CHECK_IO_TLS_ERROR;
	}
}

enum check_io_tls
check_io_tls_handshake(SSL *ssl)
{
	int ret = tls_fn.SSL_do_handshake(ssl);

	return ret == 1 ? CHECK_IO_TLS_OK : tls_status(ssl, ret);
}

enum check_io_tls
check_io_tls_write(SSL *ssl, const void *buf, size_t len, size_t *done)
{
	int ret = tls_fn.SSL_write_ex(ssl, buf, len, done);

	return ret == 1 ? CHECK_IO_TLS_OK : tls_status(ssl, ret);
}

enum check_io_tls
check_io_tls_read(SSL *ssl, void *buf, size_t len, size_t *done)
{
	int ret = tls_fn.SSL_read_ex(ssl, buf, len, done);

	return ret == 1 ? CHECK_IO_TLS_OK : tls_status(ssl, ret);
}
