/*
 * readfile: whole small files into fixed buffers. See readfile.h.
 */
#include "config.h"

#include "readfile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

ssize_t
readfile_fd(int fd, char *buf, size_t size, int *more)
{
	ssize_t	 n;
	size_t	 got = 0;
	char	 probe;

	if (more != NULL)
		*more = 0;
	if (size < 1) {
		errno = ENOBUFS;
		return -1;
	}
	for (;;) {
		if (got == size - 1)
			n = read(fd, &probe, 1);	/* is there more? */
		else
			n = read(fd, buf + got, size - 1 - got);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (n == 0)
			break;
		if (got == size - 1) {
			if (more != NULL)
				*more = 1;
			break;
		}
		got += (size_t)n;
	}
	buf[got] = '\0';
	return (ssize_t)got;
}

ssize_t
readfile(const char *path, char *buf, size_t size, int *more)
{
	ssize_t	 n;
	int	 fd, saved;
	struct stat	 st;

	/* O_NONBLOCK: opening a FIFO for reading waits for a writer. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY)) ==
	    -1)
		return -1;
	if (fstat(fd, &st) == -1)
		n = -1;
	else if (!S_ISREG(st.st_mode)) {
		n = -1;
		errno = READFILE_ENOTREG;
	} else
		n = readfile_fd(fd, buf, size, more);
	saved = errno;
	close(fd);
	errno = saved;
	return n;
}

const char *
readfile_strerror(int e)
{
	return e == READFILE_ENOTREG ? "not a regular file" : strerror(e);
}
