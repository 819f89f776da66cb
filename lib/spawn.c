/*
 * fork + execve with a clean child (spawn.h). The child only calls
 * async-signal-safe functions until execve, apart from building the /bin/sh
 * argument list on its stack. It is a fork(), not a vfork(): the parent may
 * go on (spawn_start()) and change or free what req points to, the child
 * has its own copy.
 */
#include "config.h"

#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define SPAWN_SH_ARGS 256 /* more arguments than any configured command may have */

extern char **environ;

/* Close every descriptor from first up, except keep. */
static void
spawn_close_from(int first, int keep)
{
#ifdef SYS_close_range
	if (keep > first)
		syscall(SYS_close_range, (unsigned)first, (unsigned)keep - 1, 0u);
	if (syscall(SYS_close_range, (unsigned)(keep >= first ? keep + 1 : first), ~0u, 0u) == 0)
		return;
#endif
	for (int fd = first; fd < 4096; fd++)
		if (fd != keep)
			close(fd);
}

/* In the child: report errno to the parent, then leave without atexit handlers. */
static void __attribute__((noreturn)) spawn_child_fail(int errfd)
{
	int e = errno;
	ssize_t n;

	do
		n = write(errfd, &e, sizeof(e));
	while (n == -1 && errno == EINTR);
	_exit(127);
}

static void __attribute__((noreturn))
spawn_child(const struct spawn_req *req, int errfd, pid_t parent)
{
	char *sh_argv[SPAWN_SH_ARGS + 2];
	struct sigaction sa;
	sigset_t none;
	int devnull, i;

	/* The loop's blocked signals and SIGPIPE's SIG_IGN survive exec. */
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = SIG_DFL;
	for (i = 1; i < NSIG; i++)
		sigaction(i, &sa, NULL); /* fails harmlessly for KILL, STOP and unused numbers */

	/* The parent does it too (spawn_start()): whichever runs first. */
	if (req->new_pgrp && setpgid(0, 0) == -1)
		spawn_child_fail(errfd);
	devnull = open("/dev/null", O_RDWR);
	if (devnull == -1 || dup2(devnull, 0) == -1 || dup2(devnull, 1) == -1 ||
	    dup2(devnull, 2) == -1)
		spawn_child_fail(errfd);
	spawn_close_from(3, errfd);
	if (req->set_ids) {
		if (setgroups(0, NULL) == -1 || setgid(req->gid) == -1 || setuid(req->uid) == -1)
			spawn_child_fail(errfd);
	}
	/*
	 * After the ids: changing them clears the parent-death signal. The
	 * parent does not wait for this, so it may already be gone: then the
	 * signal would never come.
	 */
	if (req->parent_death_term) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(127);
	}
	if (req->pre_exec != NULL)
		req->pre_exec();

	execve(req->path, req->argv, environ);
	if (errno != ENOEXEC)
		spawn_child_fail(errfd);
	/* A script without #!: what execvp() does, the shell reads it. */
	sh_argv[0] = (char *)"sh";
	sh_argv[1] = (char *)req->path;
	for (i = 1; req->argv[i] != NULL && i < SPAWN_SH_ARGS; i++)
		sh_argv[i + 1] = req->argv[i];
	sh_argv[i + 1] = NULL;
	execve("/bin/sh", sh_argv, environ);
	spawn_child_fail(errfd);
}

/* fork with the error pipe; *errfd: its read end, flags as pipe2(). */
static pid_t
spawn_fork(const struct spawn_req *req, int flags, int *errfd)
{
	pid_t parent = getpid(), pid;
	int fds[2];

	if (pipe2(fds, O_CLOEXEC | flags) == -1)
		return -1;
	pid = fork();
	if (pid == -1) {
		int e = errno;

		close(fds[0]);
		close(fds[1]);
		errno = e;
		return -1;
	}
	if (pid == 0) {
		close(fds[0]);
		spawn_child(req, fds[1], parent);
	}
	close(fds[1]);
	*errfd = fds[0];
	return pid;
}

pid_t
spawn_exec(const struct spawn_req *req)
{
	int errfd, child_errno = 0;
	ssize_t n;
	pid_t pid;

	pid = spawn_fork(req, 0, &errfd);
	if (pid == -1)
		return -1;
	/* End of file: execve() succeeded and closed the pipe. */
	do
		n = read(errfd, &child_errno, sizeof(child_errno));
	while (n == -1 && errno == EINTR);
	close(errfd);
	if (n == (ssize_t)sizeof(child_errno)) {
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
		errno = child_errno;
		return -1;
	}
	return pid;
}

pid_t
spawn_start(const struct spawn_req *req, int *errfd)
{
	pid_t pid = spawn_fork(req, O_NONBLOCK, errfd);

	/*
	 * Also from here, or a kill(-pid) made before the child got to its own
	 * setpgid() would miss it. Fails (harmlessly) once it has exec'd: it
	 * has then done it itself.
	 */
	if (pid > 0 && req->new_pgrp)
		setpgid(pid, pid);
	return pid;
}

int
spawn_result(int errfd)
{
	int child_errno = 0;
	ssize_t n;

	do
		n = read(errfd, &child_errno, sizeof(child_errno));
	while (n == -1 && errno == EINTR);
	if (n == -1 && errno == EAGAIN)
		return -1;
	close(errfd);
	if (n == (ssize_t)sizeof(child_errno))
		return child_errno != 0 ? child_errno : EIO;
	return n == 0 ? 0 : EIO;
}
