/*
 * mwu: the statistics module's Mann-Whitney U test and ratio interval
 * on cases read from standard input, one a line: the first sample's
 * values, a ';', the second's ("1 2 3 ; 4 5"). Prints for each line
 * U1, the two-sided p-value, whether the exact distribution was used,
 * and the 95% interval on the ratio of medians (nan when none), for
 * tests/stats.sh to set against scipy.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "stats.h"

#define MAXV	512

int
main(void)
{
	char	 line[65536], *p, *end;
	double	 v[2][MAXV], u1, p2, lo, hi;
	size_t	 n[2];
	int	 s, exact;

	while (fgets(line, sizeof line, stdin) != NULL) {
		n[0] = n[1] = 0;
		for (p = line, s = 0; *p != '\0' && *p != '\n';) {
			if (*p == ' ') {
				p++;
				continue;
			}
			if (*p == ';') {
				s = 1;
				p++;
				continue;
			}
			if (n[s] == MAXV)
				return 2;
			v[s][n[s]] = strtod(p, &end);
			if (end == p) {
				fprintf(stderr, "mwu: bad number at '%s'\n", p);
				return 2;
			}
			n[s]++;
			p = end;
		}
		p2 = stats_mann_whitney(v[0], n[0], v[1], n[1], &u1, &exact);
		stats_ratio_ci(v[0], n[0], v[1], n[1], STATS_ALPHA, &lo,
		    &hi);
		printf("%.17g %.17g %d %.17g %.17g\n", u1, p2, exact, lo, hi);
	}
	return 0;
}
