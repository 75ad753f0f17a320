/*
 * ckpt: the --checkpoint journal.
 *
 * The file is a text header, then binary records in the host's byte
 * order (a journal moves between machines of one architecture):
 *
 *	pint checkpoint 2
 *	<the identity lines of quad_identity>
 *	hash <16 hex digits: FNV-1a of the identity lines>
 *	records 120
 *	<record>...
 *
 * A record is a chunk's index, its partial sums and counts, and a check
 * word that hashes them with the header's hash, so a record torn by a
 * kill, or one pasted from another journal, does not pass. The header is
 * written to a temporary file and renamed into place, so a journal has a
 * whole header or none. Records are appended with write(2) at most
 * CKPT_FLUSH_MS apart (a SIGKILL loses at most that much work) and
 * synced at most CKPT_SYNC_MS apart (a lost node loses at most that).
 * A lock (flock) keeps two runs from appending to one journal.
 */
#include "config.h"

#include "ckpt.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

#define CKPT_MAGIC	"pint checkpoint 2\n"
#define CKPT_MAXHDR	65536	/* header bytes at most */
#define CKPT_LOCK_MS	3000	/* wait for a dying run's lock */

struct ckpt_rec {
	uint64_t	 chunk;
	double		 sum[QUAD_LEVELS], comp[QUAD_LEVELS];
	int64_t		 exp[QUAD_LEVELS];	/* powers of two of the sums */
	uint64_t	 points, nonfinite, bad_row, bad_index;
	uint64_t	 check;
};

struct ckpt {
	char		*path;
	int		 fd;
	uint64_t	 hash;
	struct ckpt_rec	*buf;		/* records not yet written */
	size_t		 nbuf, capbuf;
	uint64_t	 flushed_ns, synced_ns;
	int		 error;		/* first write error, sticky */
};

static uint64_t
fnv1a(const void *p, size_t len, uint64_t h)
{
	const unsigned char	*s = p;

	while (len-- > 0) {
		h ^= *s++;
		h *= 0x100000001b3ull;
	}
	return h;
}

uint64_t
ckpt_hash(const char *identity)
{
	return fnv1a(identity, strlen(identity), 0xcbf29ce484222325ull);
}

static uint64_t
ckpt_check(const struct ckpt_rec *r, uint64_t hash)
{
	return fnv1a(r, offsetof(struct ckpt_rec, check), hash) ^ hash;
}

static void
ckpt_to_rec(struct ckpt_rec *r, uint64_t chunk, const struct quad_partial *p,
    uint64_t hash)
{
	int	 l;

	memset(r, 0, sizeof *r);
	r->chunk = chunk;
	for (l = 0; l < QUAD_LEVELS; l++) {
		r->sum[l] = p->lev[l].s;
		r->comp[l] = p->lev[l].c;
		r->exp[l] = p->lev[l].e;
	}
	r->points = p->points;
	r->nonfinite = p->nonfinite;
	r->bad_row = p->bad_row;
	r->bad_index = p->bad_index;
	r->check = ckpt_check(r, hash);
}

static void
ckpt_from_rec(struct quad_partial *p, const struct ckpt_rec *r)
{
	int	 l;

	memset(p, 0, sizeof *p);
	for (l = 0; l < QUAD_LEVELS; l++) {
		p->lev[l].s = r->sum[l];
		p->lev[l].c = r->comp[l];
		p->lev[l].e = (int32_t)r->exp[l];
	}
	p->points = r->points;
	p->nonfinite = r->nonfinite;
	p->bad_row = r->bad_row;
	p->bad_index = r->bad_index;
}

static char *
ckpt_header(const char *identity, uint64_t hash)
{
	char	*h;

	xasprintf(&h, "%s%shash %016llx\nrecords %zu\n", CKPT_MAGIC,
	    identity, (unsigned long long)hash, sizeof(struct ckpt_rec));
	return h;
}

/* Write all of buf at fd; 0 or -1 with errno. */
static int
ckpt_write_all(int fd, const void *buf, size_t len)
{
	const char	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		n = write(fd, p, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A new journal: the header in a temporary file renamed onto path. */
static int
ckpt_create(const char *path, const char *header, char **cause)
{
	char	*tmp;
	int	 fd, rv = -1;

	xasprintf(&tmp, "%s.%ld.tmp", path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
	if (fd == -1) {
		xasprintf(cause, "--checkpoint %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (ckpt_write_all(fd, header, strlen(header)) != 0 ||
	    fsync(fd) != 0) {
		xasprintf(cause, "--checkpoint %s: %s", tmp, strerror(errno));
		close(fd);
		unlink(tmp);
		goto out;
	}
	close(fd);
	if (rename(tmp, path) != 0) {
		xasprintf(cause, "--checkpoint %s: %s", path, strerror(errno));
		unlink(tmp);
		goto out;
	}
	rv = 0;
out:
	free(tmp);
	return rv;
}

/* The first line where two identities differ, as "what: was, now". */
static void
ckpt_differs(const char *path, const char *old, const char *cur,
    char **cause)
{
	const char	*a = old, *b = cur, *ea, *eb;
	int		 ka;

	for (;;) {
		ea = strchr(a, '\n');
		eb = strchr(b, '\n');
		if (ea == NULL || eb == NULL || ea - a != eb - b ||
		    memcmp(a, b, (size_t)(ea - a)) != 0)
			break;
		a = ea + 1;
		b = eb + 1;
	}
	if (ea == NULL || eb == NULL) {
		xasprintf(cause, "--checkpoint %s: the journal is of another "
		    "task: its header has %s lines", path,
		    ea == NULL ? "fewer" : "more");
		return;
	}
	ka = (int)strcspn(a, " \n");
	xasprintf(cause, "--checkpoint %s: the journal is of another task: "
	    "%.*s differs (journal: '%.*s', this run: '%.*s')", path, ka, a,
	    (int)(ea - a - ka > 0 ? ea - a - ka - 1 : 0), a + ka + 1,
	    (int)(eb - b - ka > 0 ? eb - b - ka - 1 : 0), b + ka + 1);
}

/*
 * Read an existing journal's header; the offset of the first record, or
 * -1 with cause.
 */
static off_t
ckpt_read_header(int fd, const char *path, const char *identity,
    uint64_t hash, char **cause)
{
	char		*buf, *want, *end;
	ssize_t		 n;
	size_t		 len = 0;
	off_t		 off = -1;

	buf = xmalloc(CKPT_MAXHDR + 1);
	while (len < CKPT_MAXHDR) {
		n = pread(fd, buf + len, CKPT_MAXHDR - len, (off_t)len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			xasprintf(cause, "--checkpoint %s: %s", path,
			    strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	buf[len] = '\0';
	if (len < sizeof CKPT_MAGIC - 1 ||
	    memcmp(buf, CKPT_MAGIC, sizeof CKPT_MAGIC - 1) != 0) {
		xasprintf(cause, "--checkpoint %s: not a pint checkpoint "
		    "journal", path);
		goto out;
	}
	want = ckpt_header(identity, hash);
	if (strncmp(buf, want, strlen(want)) == 0) {
		off = (off_t)strlen(want);
		free(want);
		goto out;
	}
	free(want);
	/* Not ours: say what differs, from the journal's identity lines. */
	if ((end = strstr(buf, "\nhash ")) == NULL) {
		xasprintf(cause, "--checkpoint %s: damaged header", path);
		goto out;
	}
	end[1] = '\0';
	if (strcmp(buf + sizeof CKPT_MAGIC - 1, identity) == 0)
		xasprintf(cause, "--checkpoint %s: damaged header", path);
	else
		ckpt_differs(path, buf + sizeof CKPT_MAGIC - 1, identity,
		    cause);
out:
	free(buf);
	return off;
}

/*
 * Load the records after off. A short or failing last record is one torn
 * by a kill: it is cut off. A bad record before the last is damage.
 */
static int
ckpt_load(struct ckpt *k, off_t off, uint64_t nchunks,
    struct quad_partial *parts, unsigned char *have, uint64_t *resumed,
    char **cause)
{
	struct ckpt_rec	 r;
	struct stat	 st;
	uint64_t	 i, nrec;
	ssize_t		 n;

	if (fstat(k->fd, &st) != 0) {
		xasprintf(cause, "--checkpoint %s: %s", k->path,
		    strerror(errno));
		return -1;
	}
	nrec = ((uint64_t)st.st_size - (uint64_t)off) / sizeof r;
	for (i = 0; i < nrec; i++) {
		n = pread(k->fd, &r, sizeof r, off + (off_t)(i * sizeof r));
		if (n != (ssize_t)sizeof r) {
			xasprintf(cause, "--checkpoint %s: %s", k->path,
			    n == -1 ? strerror(errno) : "short read");
			return -1;
		}
		if (r.check != ckpt_check(&r, k->hash) || r.chunk >= nchunks) {
			if (i + 1 == nrec)
				break;	/* torn by a kill */
			xasprintf(cause, "--checkpoint %s: record %llu of %llu "
			    "is damaged", k->path, (unsigned long long)i + 1,
			    (unsigned long long)nrec);
			return -1;
		}
		if (have[r.chunk])
			continue;
		have[r.chunk] = 1;
		ckpt_from_rec(&parts[r.chunk], &r);
		(*resumed)++;
	}
	/* Drop a torn tail so that new records follow whole ones. */
	if ((uint64_t)st.st_size != (uint64_t)off + i * sizeof r &&
	    ftruncate(k->fd, off + (off_t)(i * sizeof r)) != 0) {
		xasprintf(cause, "--checkpoint %s: %s", k->path,
		    strerror(errno));
		return -1;
	}
	return 0;
}

/*
 * Lock the journal. The workers of a run killed a moment ago share its
 * open file, and so its lock, until they have died of their parent's
 * death: give them CKPT_LOCK_MS.
 */
static int
ckpt_lock(int fd)
{
	uint64_t	 t0 = now_ns();

	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if ((errno != EWOULDBLOCK && errno != EINTR) ||
		    now_ns() - t0 > (uint64_t)CKPT_LOCK_MS * 1000000)
			return -1;
		usleep(20000);
	}
	return 0;
}

struct ckpt *
ckpt_open(const char *path, const char *identity, uint64_t nchunks,
    struct quad_partial *parts, unsigned char *have, uint64_t *resumed,
    int *status, char **cause)
{
	struct ckpt	*k;
	struct stat	 st;
	char		*header;
	off_t		 off;

	*resumed = 0;
	*status = EXIT_USAGE;
	k = xcalloc(1, sizeof *k);
	k->path = xstrdup(path);
	k->fd = -1;
	k->hash = ckpt_hash(identity);
	header = ckpt_header(identity, k->hash);

	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		xasprintf(cause, "--checkpoint %s: not a regular file", path);
		goto fail;
	}
	/* None yet, or an empty file (made by the job script): a new one. */
	if (stat(path, &st) != 0 ? errno == ENOENT : st.st_size == 0) {
		if (ckpt_create(path, header, cause) != 0) {
			*status = EXIT_RESOURCE;
			goto fail;
		}
	}
	if ((k->fd = open(path, O_RDWR | O_APPEND | O_CLOEXEC)) == -1) {
		xasprintf(cause, "--checkpoint %s: %s", path, strerror(errno));
		goto fail;
	}
	if (ckpt_lock(k->fd) != 0) {
		xasprintf(cause, "--checkpoint %s: %s", path,
		    errno == EWOULDBLOCK ? "in use by another pint" :
		    strerror(errno));
		goto fail;
	}
	if ((off = ckpt_read_header(k->fd, path, identity, k->hash,
	    cause)) == -1)
		goto fail;
	if (ckpt_load(k, off, nchunks, parts, have, resumed, cause) != 0)
		goto fail;
	k->flushed_ns = k->synced_ns = now_ns();
	free(header);
	return k;
fail:
	free(header);
	if (k->fd != -1)
		close(k->fd);
	free(k->path);
	free(k);
	return NULL;
}

void
ckpt_add(struct ckpt *k, uint64_t chunk, const struct quad_partial *p)
{
	if (k->nbuf == k->capbuf) {
		k->capbuf = k->capbuf ? 2 * k->capbuf : 64;
		k->buf = xreallocarray(k->buf, k->capbuf, sizeof *k->buf);
	}
	ckpt_to_rec(&k->buf[k->nbuf++], chunk, p, k->hash);
}

int
ckpt_flush(struct ckpt *k, int force, char **cause)
{
	uint64_t	 now = now_ns();

	if (k->error == 0 && (force ||
	    now - k->flushed_ns >= (uint64_t)CKPT_FLUSH_MS * 1000000)) {
		if (k->nbuf > 0 && ckpt_write_all(k->fd, k->buf,
		    k->nbuf * sizeof *k->buf) != 0)
			k->error = errno;
		k->nbuf = 0;
		k->flushed_ns = now;
		if (k->error == 0 && (force ||
		    now - k->synced_ns >= (uint64_t)CKPT_SYNC_MS * 1000000)) {
			if (fdatasync(k->fd) != 0)
				k->error = errno;
			k->synced_ns = now;
		}
	}
	if (k->error != 0) {
		if (cause != NULL)
			xasprintf(cause, "--checkpoint %s: %s", k->path,
			    strerror(k->error));
		return -1;
	}
	return 0;
}

int
ckpt_close(struct ckpt *k, char **cause)
{
	int	 rv;

	if (k == NULL)
		return 0;
	rv = ckpt_flush(k, 1, cause);
	close(k->fd);
	free(k->buf);
	free(k->path);
	free(k);
	return rv;
}
