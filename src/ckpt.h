/*
 * ckpt: the --checkpoint journal. A header says what defines the sums (the
 * identity lines of quad_identity and their hash); fixed-size records, one
 * per finished chunk in the order chunks finished, follow. A run with the
 * same journal skips the chunks it holds and gives the same bits.
 */
#ifndef PINT_CKPT_H
#define PINT_CKPT_H

#include <stdint.h>

#include "quad.h"

#define CKPT_FLUSH_MS	1000	/* records reach the file this often */
#define CKPT_SYNC_MS	5000	/* and the disk this often */

struct ckpt;

/*
 * Open or create the journal at path for the given identity. Chunks
 * already journaled are marked in have[] with their partials in parts[]
 * (both nchunks long) and counted in *resumed. NULL on failure, with
 * *cause set and *status the exit status (2 a journal of another task or
 * damaged, 3 the system refused).
 */
struct ckpt	*ckpt_open(const char *, const char *, uint64_t,
		     struct quad_partial *, unsigned char *, uint64_t *, int *,
		     char **);
/* Queue a finished chunk's record; written by the next flush. */
void		 ckpt_add(struct ckpt *, uint64_t, const struct quad_partial *);
/* Write queued records if CKPT_FLUSH_MS passed (force: now, and sync). */
int		 ckpt_flush(struct ckpt *, int, char **);
/* Flush, sync and close; 0 or -1 with cause. */
int		 ckpt_close(struct ckpt *, char **);
/* The identity's hash, as in the header. */
uint64_t	 ckpt_hash(const char *);

#endif
