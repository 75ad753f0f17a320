/*
 * readfile: the one reader of small files (/proc, sysfs, cgroup, task
 * files). It retries reads cut short by signals (EINTR) or returning
 * less than asked, and uses open/read/close alone, no malloc or stdio,
 * so the sampler thread may call it while workers are being forked.
 */
#ifndef PINT_READFILE_H
#define PINT_READFILE_H

#include <errno.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * Read from fd until its end or size - 1 bytes, whichever comes first,
 * into buf, NUL-terminated. *more (if not NULL) is set to 1 when the file
 * holds more than that (one byte is read to tell). Returns the bytes
 * read, or -1 with errno set.
 */
ssize_t	 readfile_fd(int, char *, size_t, int *);

/*
 * The same for a path, opened read-only and non-blocking and closed
 * again. Only a regular file is read (every /proc and sysfs file is
 * one): a FIFO, a device or a socket in its place could block the
 * reader for ever, so it is refused with errno READFILE_ENOTREG.
 */
ssize_t	 readfile(const char *, char *, size_t, int *);

#define READFILE_ENOTREG	EMEDIUMTYPE

/* strerror(e), but "not a regular file" for READFILE_ENOTREG. */
const char	*readfile_strerror(int);

#endif
