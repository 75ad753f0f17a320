/* readfile: short reads and EINTR retried, the size limit told apart. */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "readfile.h"
#include "suites.h"

static void
on_alarm(int sig)
{
	(void)sig;	/* only to interrupt read(2) */
}

/* A child writing "abc", then after 50 ms "defgh": reads come up short. */
static pid_t
slow_writer(int *rfd)
{
	int	 fds[2];
	pid_t	 pid;

	ck_assert_int_eq(pipe(fds), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		close(fds[0]);
		if (write(fds[1], "abc", 3) != 3)
			_exit(1);
		usleep(50000);
		if (write(fds[1], "defgh", 5) != 5)
			_exit(1);
		_exit(0);
	}
	close(fds[1]);
	*rfd = fds[0];
	return pid;
}

START_TEST(short_reads_and_eintr)
{
	struct sigaction	 sa;
	struct itimerval	 it;
	char			 buf[64];
	int			 fd, more, status;
	pid_t			 pid;

	/* A signal without SA_RESTART lands while read(2) waits. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_alarm;
	sigemptyset(&sa.sa_mask);
	ck_assert_int_eq(sigaction(SIGALRM, &sa, NULL), 0);
	memset(&it, 0, sizeof it);
	it.it_value.tv_usec = 20000;
	pid = slow_writer(&fd);
	ck_assert_int_eq(setitimer(ITIMER_REAL, &it, NULL), 0);
	ck_assert_int_eq(readfile_fd(fd, buf, sizeof buf, &more), 8);
	ck_assert_str_eq(buf, "abcdefgh");
	ck_assert_int_eq(more, 0);
	close(fd);
	waitpid(pid, &status, 0);

	/* More than fits: what fits, and more set. */
	pid = slow_writer(&fd);
	ck_assert_int_eq(readfile_fd(fd, buf, 5, &more), 4);
	ck_assert_str_eq(buf, "abcd");
	ck_assert_int_eq(more, 1);
	close(fd);
	waitpid(pid, &status, 0);

	ck_assert_int_eq(readfile("/nonexistent/file", buf, sizeof buf,
	    NULL), -1);
}
END_TEST

Suite *
make_readfile_suite(void)
{
	Suite	*s = suite_create("readfile");
	TCase	*tc = tcase_create("core");

	tcase_add_test(tc, short_reads_and_eintr);
	suite_add_tcase(s, tc);
	return s;
}
