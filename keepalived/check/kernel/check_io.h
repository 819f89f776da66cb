/*
 * Sockets and TLS for the health-check probes, all non-blocking: a socket
 * made with the checker's connection options (fwmark, bind_if, bindto,
 * bind_port) and connected without waiting, and OpenSSL client sessions
 * driven one step at a time from the event loop. Nothing here waits.
 */
#ifndef CHECK_IO_H
#define CHECK_IO_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

typedef struct ssl_st SSL;
typedef struct ssl_ctx_st SSL_CTX;

/* Where a probe's packets go and come from. */
struct check_io_conn {
	struct sockaddr_storage dst;
	socklen_t dst_len;
	struct sockaddr_storage src; /* bindto / bind_port; src_len 0: none */
	socklen_t src_len;
	char bind_if[IFNAMSIZ]; /* empty: none */
	uint32_t fwmark;        /* 0: none */
};

/*
 * A non-blocking, close-on-exec socket of type/protocol for io's family,
 * with its options set, bound if asked, and connect() started. Returns the
 * fd with *in_progress telling whether the connection is still being made
 * (wait for EV_WRITE, then check_io_connect_result()), or -1 with errno
 * (from connect: ECONNREFUSED, ENETUNREACH...; *stage says which step
 * failed: "socket", "option", "bind" or "connect").
 */
int check_io_connect(const struct check_io_conn *io, int type, int protocol, bool *in_progress,
		     const char **stage);
/* After EV_WRITE on a connecting socket: 0 when connected, else the errno. */
int check_io_connect_result(int fd);

/* TLS ----------------------------------------------------------------------------------------- */

/*
 * A client context as keepalived builds it: any TLS version OpenSSL
 * allows, the peer's certificate not verified (keepalived 2.2.7 never
 * asks for verification; ca only loads trust anchors), certificate and key
 * presented when given (the key protected by password, if any). NULL
 * arguments are not set. Returns NULL after logging keepalived's line
 * ("SSL error : Cant load certificate file...").
 */
SSL_CTX *check_io_tls_ctx_new(const char *ca, const char *cert, const char *key,
			      const char *password);
void check_io_tls_ctx_free(SSL_CTX *ctx);

enum check_io_tls {
	CHECK_IO_TLS_OK,
	CHECK_IO_TLS_WANT_READ,
	CHECK_IO_TLS_WANT_WRITE,
	CHECK_IO_TLS_EOF, /* clean close by the peer */
	CHECK_IO_TLS_ERROR,
};

/* A session on the connected fd; sni NULL: none. NULL on failure. */
SSL *check_io_tls_new(SSL_CTX *ctx, int fd, const char *sni);
void check_io_tls_free(SSL *ssl);
enum check_io_tls check_io_tls_handshake(SSL *ssl);
/* *done gets the bytes moved when OK. */
enum check_io_tls check_io_tls_write(SSL *ssl, const void *buf, size_t len, size_t *done);
enum check_io_tls check_io_tls_read(SSL *ssl, void *buf, size_t len, size_t *done);

#endif
