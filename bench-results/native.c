/*
 * The speed limit: the benchmark integrand compiled in, the same midpoint
 * grid as pint's bench task, rows split over OpenMP threads.
 * Build: cc -O3 -march=native -ffast-math -fopenmp native.c -lm
 * (-ffast-math lets the simd loop call glibc's vector sin and cos)
 * Usage: native X0 X1 Y0 Y1 N THREADS   (N points per axis)
 * Prints: integral wall_s
 */
#include <math.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>

#ifndef F
#define F(x, y) (sin(x) * cos(y) + (x) * (y))
#endif

int
main(int argc, char **argv)
{
	double	 x0, x1, y0, y1, hx, hy, sum = 0, t;
	long	 n, i;
	int	 threads;

	if (argc != 7) {
		fprintf(stderr, "usage: native X0 X1 Y0 Y1 N THREADS\n");
		return 2;
	}
	x0 = atof(argv[1]);
	x1 = atof(argv[2]);
	y0 = atof(argv[3]);
	y1 = atof(argv[4]);
	n = atol(argv[5]);
	threads = atoi(argv[6]);
	hx = (x1 - x0) / n;
	hy = (y1 - y0) / n;
	omp_set_num_threads(threads);
	t = omp_get_wtime();
#pragma omp parallel for schedule(dynamic, 16) reduction(+ : sum)
	for (i = 0; i < n; i++) {
		double	 y = y0 + (i + 0.5) * hy, row = 0;
		int	 j;

#pragma omp simd reduction(+ : row)
		for (j = 0; j < (int)n; j++) {
			double	 x = x0 + (j + 0.5) * hx;

			row += F(x, y);
		}
		sum += row;
	}
	printf("%.17g %.6f\n", sum * hx * hy, omp_get_wtime() - t);
	return 0;
}
