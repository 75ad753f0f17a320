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
 * kill, or one pasted from another journal, does not pass.
 *
 * The file is opened (created if missing, through a symbolic link to its
 * target) and locked (flock) before anything is read or written, and it
 * is never renamed or replaced: two runs that create or resume one
 * journal at once lock one file, and the second is refused. The header
 * of a new journal is written under the lock; a header cut short by a
 * crash is a beginning of the same header, written again whole by the
 * next run. Records are appended with write(2) at most CKPT_FLUSH_MS
 * apart (a SIGKILL loses at most that much work) and synced at most
 * CKPT_SYNC_MS apart (a lost node loses at most that).
 */
#include "config.h"

#include "ckpt.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hooks.h"
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

/*
 * The values of an identity's lines whose first words are key (a
 * constant's lines joined with ", "), or NULL when there is none.
 */
static char *
ckpt_field(const char *id, const char *key)
{
	const char	*e;
	char		*v = NULL, *n;
	size_t		 klen = strlen(key);

	for (; *id != '\0'; id = *e == '\n' ? e + 1 : e) {
		e = id + strcspn(id, "\n");
		if ((size_t)(e - id) <= klen || strncmp(id, key, klen) != 0 ||
		    id[klen] != ' ')
			continue;
		if (v == NULL)
			v = xstrndup(id + klen + 1, (size_t)(e - id) - klen - 1);
		else {
			xasprintf(&n, "%s, %.*s", v, (int)(e - id - klen - 1),
			    id + klen + 1);
			free(v);
			v = n;
		}
	}
	return v;
}

/* The points of each axis, "300 x 300 points", from an identity. */
static char *
ckpt_points(const char *id)
{
	char		*s = xstrdup(""), *n, *v, key[8];
	const char	*p;
	int		 i;

	for (i = 0; i < 3; i++) {
		snprintf(key, sizeof key, "axis %c", "xyz"[i]);
		if ((v = ckpt_field(id, key)) == NULL)
			break;
		p = strstr(v, " nodes ");
		xasprintf(&n, "%s%s%.*s", s, i > 0 ? " x " : "",
		    p != NULL ? (int)strcspn(p + 7, " ") : 1,
		    p != NULL ? p + 7 : "?");
		free(v);
		free(s);
		s = n;
	}
	xasprintf(&n, "%s points", s);
	free(s);
	return n;
}

/* Whether the values of key differ; sets *a and *b (or "none"). */
static int
ckpt_field_differs(const char *old, const char *cur, const char *key,
    char **a, char **b)
{
	if ((*a = ckpt_field(old, key)) == NULL)
		*a = xstrdup("none");
	if ((*b = ckpt_field(cur, key)) == NULL)
		*b = xstrdup("none");
	if (strcmp(*a, *b) != 0)
		return 1;
	free(*a);
	free(*b);
	return 0;
}

/*
 * Say what differs between the journal's identity and this run's, field
 * by field, naming whole keys: the expression, the constants, the rule,
 * each axis's bounds, the grid (points and levels), the chunks, the
 * engine.
 */
static void
ckpt_differs(const char *path, const char *old, const char *cur,
    char **cause)
{
	static const char *const simple[] = { "expression", "constant",
	    "rule", "dims" };
	static const char *const label[] = { "expression differs",
	    "constants differ", "rule differs", "dimensions differ" };
	char		*a, *b, key[8], *p;
	size_t		 i;
	int		 ax;

	for (i = 0; i < sizeof simple / sizeof *simple; i++) {
		if (ckpt_field_differs(old, cur, simple[i], &a, &b))
			goto simple;
	}
	for (ax = 0; ax < 3; ax++) {
		snprintf(key, sizeof key, "axis %c", "xyz"[ax]);
		if (!ckpt_field_differs(old, cur, key, &a, &b))
			continue;
		/* The bounds first ("from A to B"); the nodes are the grid. */
		if ((p = strstr(a, " nodes ")) != NULL)
			*p = '\0';
		if ((p = strstr(b, " nodes ")) != NULL)
			*p = '\0';
		if (strcmp(a, b) != 0) {
			xasprintf(cause, "--checkpoint %s: the journal is of "
			    "another task: axis %c differs (journal: %s, this "
			    "run: %s)", path, "xyz"[ax], a, b);
			goto out;
		}
		free(a);
		free(b);
		a = ckpt_points(old);
		b = ckpt_points(cur);
		goto grid;
	}
	if (ckpt_field_differs(old, cur, "levels", &a, &b))
		goto grid;
	if (ckpt_field_differs(old, cur, "chunks", &a, &b)) {
		xasprintf(cause, "--checkpoint %s: the journal is of another "
		    "task: chunks differ (journal: %s, this run: %s)", path,
		    a, b);
		goto out;
	}
	if (ckpt_field_differs(old, cur, "engine", &a, &b)) {
		xasprintf(cause, "--checkpoint %s: the journal is of another "
		    "task: engine differs (journal: '%s', this run: '%s')",
		    path, a, b);
		goto out;
	}
	xasprintf(cause, "--checkpoint %s: the journal is of another task "
	    "(its header differs from this run's)", path);
	return;
simple:
	if (i == 1)
		xasprintf(cause, "--checkpoint %s: the journal is of another "
		    "task: %s (journal: %s, this run: %s)", path, label[i], a,
		    b);
	else
		xasprintf(cause, "--checkpoint %s: the journal is of another "
		    "task: %s (journal: '%s', this run: '%s')", path,
		    label[i], a, b);
	goto out;
grid:
	xasprintf(cause, "--checkpoint %s: the journal is of another task: "
	    "grid differs (journal: %s, this run: %s)", path, a, b);
out:
	free(a);
	free(b);
}

/*
 * Read an existing journal's header; the offset of the first record, 0
 * for a header cut short (the beginning of this run's), or -1 with cause.
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
	want = ckpt_header(identity, hash);
	if (len < strlen(want) && memcmp(buf, want, len) == 0) {
		off = 0;	/* a header cut short: write it again */
		free(want);
		goto out;
	}
	free(want);
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
 * death: give them CKPT_LOCK_MS. A signal (SIGINT, SIGTERM, SIGHUP) ends
 * the wait at once: -1 with EINTR.
 */
static int
ckpt_lock(int fd)
{
	uint64_t	 t0 = now_ns();

	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR)
			return -1;
		if (stop_signal != 0) {
			errno = EINTR;
			return -1;
		}
		if (now_ns() - t0 > (uint64_t)CKPT_LOCK_MS * 1000000) {
			errno = EWOULDBLOCK;
			return -1;
		}
		usleep(20000);	/* a signal cuts it short */
	}
	return 0;
}

/* The exit status for a journal that cannot be opened or written. */
static int
ckpt_errno_status(int e)
{
	switch (e) {
	case ENOENT:
	case ENOTDIR:
	case EACCES:
	case EPERM:
	case EROFS:
	case EISDIR:
	case ELOOP:
	case ENAMETOOLONG:
	case ETXTBSY:
		return EXIT_USAGE;	/* the path given cannot be used */
	default:
		return EXIT_RESOURCE;	/* no space, no descriptors, ... */
	}
}

/*
 * Open and lock the file at path, creating it if missing (through a
 * symbolic link, its target). The lock is on the file that stays at path:
 * should path name another file once the lock is held (removed or
 * replaced meanwhile), it is opened again. Sets *created when this call
 * made the file; the descriptor, or -1 with *status and cause.
 */
static int
ckpt_open_locked(const char *path, int *created, int *status, char **cause)
{
	struct hooks	 h;
	struct stat	 st, at;
	int		 fd, tries;

	hooks_read(&h);
	for (tries = 0; tries < 8; tries++) {
		*created = 0;
		if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
			xasprintf(cause, "--checkpoint %s: not a regular file",
			    path);
			*status = EXIT_USAGE;
			return -1;
		}
		fd = open(path, O_RDWR | O_APPEND | O_CREAT | O_EXCL |
		    O_CLOEXEC, 0666);
		if (fd != -1)
			*created = 1;
		else if (errno == EEXIST)
			fd = open(path, O_RDWR | O_APPEND | O_CREAT |
			    O_CLOEXEC, 0666);
		if (fd == -1) {
			int	 e = errno;

			xasprintf(cause, "--checkpoint %s: %s", path,
			    e == EISDIR ? "not a regular file" : strerror(e));
			*status = ckpt_errno_status(e);
			return -1;
		}
		if (h.ckpt_stop)
			raise(SIGSTOP);	/* test hook: opened, not locked */
		if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
			xasprintf(cause, "--checkpoint %s: not a regular file",
			    path);
			*status = EXIT_USAGE;
			close(fd);
			return -1;
		}
		if (ckpt_lock(fd) != 0) {
			int	 e = errno;

			if (e == EINTR && stop_signal != 0) {
				xasprintf(cause, "--checkpoint %s: in use by "
				    "another pint; pint got %s while it "
				    "waited for the lock", path,
				    sig_name(stop_signal));
				*status = 128 + stop_signal;
			} else {
				xasprintf(cause, "--checkpoint %s: %s", path,
				    e == EWOULDBLOCK ?
				    "in use by another pint" : strerror(e));
				*status = e == EWOULDBLOCK ? EXIT_USAGE :
				    EXIT_RESOURCE;
			}
			close(fd);
			return -1;
		}
		if (stat(path, &at) == 0 && at.st_dev == st.st_dev &&
		    at.st_ino == st.st_ino)
			return fd;
		close(fd);
	}
	xasprintf(cause, "--checkpoint %s: the file keeps being replaced",
	    path);
	*status = EXIT_USAGE;
	return -1;
}

struct ckpt *
ckpt_open(const char *path, const char *identity, uint64_t nchunks,
    struct quad_partial *parts, unsigned char *have, uint64_t *resumed,
    int *status, char **cause)
{
	struct ckpt	*k;
	char		*header;
	off_t		 off;
	int		 created = 0;

	*resumed = 0;
	*status = EXIT_USAGE;
	k = xcalloc(1, sizeof *k);
	k->path = xstrdup(path);
	k->hash = ckpt_hash(identity);
	header = ckpt_header(identity, k->hash);

	if ((k->fd = ckpt_open_locked(path, &created, status, cause)) == -1)
		goto fail;
	/*
	 * An empty file (new, or made by the job script) or a header cut
	 * short: a new journal, its header written whole under the lock.
	 */
	off = created ? 0 : ckpt_read_header(k->fd, path, identity, k->hash,
	    cause);
	if (off == -1)
		goto fail;
	if (off == 0) {
		if (ftruncate(k->fd, 0) != 0 ||
		    ckpt_write_all(k->fd, header, strlen(header)) != 0 ||
		    fsync(k->fd) != 0) {
			int	 e = errno;

			xasprintf(cause, "--checkpoint %s: %s", path,
			    strerror(e));
			*status = ckpt_errno_status(e);
			/* Nothing left behind: no file, or the empty one. */
			if (created ? unlink(path) : ftruncate(k->fd, 0))
				warning("--checkpoint %s: %s", path,
				    strerror(errno));
			goto fail;
		}
		off = (off_t)strlen(header);
	}
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
