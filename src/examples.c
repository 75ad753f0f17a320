/* Made by src/examples.awk from examples/: do not edit. */
#include "examples.h"

const struct example examples_table[] = {
	{ "ball-3d.yaml",
	    "# 3-D: the volume of the unit ball by an indicator function, 4/3 pi.\n"
	    "name: ball-3d\n"
	    "expression: \"x^2 + y^2 + z^2 <= 1 ? 1 : 0\"\n"
	    "domain:\n"
	    "  x: [-1, 1]\n"
	    "  y: [-1, 1]\n"
	    "  z: [-1, 1]\n"
	    "points: 200\n"
	    "rule: midpoint\n"
	},
	{ "bench-2d.yaml",
	    "# The benchmark task of bench-results/: 10^8 points of sin(x)*cos(y)+x*y,\n"
	    "# the integrand the peers in the comparison compute.\n"
	    "name: bench-2d\n"
	    "expression: sin(x)*cos(y) + x*y\n"
	    "domain:\n"
	    "  x: [0, 1]\n"
	    "  y: [0, 1]\n"
	    "step: 0.0001\n"
	    "rule: midpoint\n"
	},
	{ "constants.yaml",
	    "# Constants: a damped oscillation with named parameters.\n"
	    "# Exact: (k - exp(-10a) (a sin 10k + k cos 10k)) / (a^2 + k^2) = 0.3243470960...\n"
	    "name: damped\n"
	    "expression: exp(-a * x) * sin(k * x)\n"
	    "constants:\n"
	    "  a: 0.5\n"
	    "  k: 3\n"
	    "domain:\n"
	    "  x: [0, 10]\n"
	    "step: 0.00001\n"
	    "rule: trapezoid\n"
	},
	{ "gauss-2d.yaml",
	    "# 2-D: a Gaussian bump. Over [-3, 3]^2 the integral is pi erf(3)^2 =\n"
	    "# 3.141453856436689 (a little under pi). 37500 x 37500 points: about 1.2 s\n"
	    "# at -j 2 on a 2-CPU machine, long enough for the benchmark to measure.\n"
	    "name: gauss-2d\n"
	    "expression: exp(-(x^2 + y^2))\n"
	    "domain:\n"
	    "  x: [-3, 3]\n"
	    "  y: [-3, 3]\n"
	    "step: 0.00016\n"
	    "rule: midpoint\n"
	},
	{ "line-1d.yaml",
	    "# 1-D: the integral of 4 / (1 + x^2) over [0, 1] is pi.\n"
	    "name: pi-1d\n"
	    "expression: 4 / (1 + x^2)\n"
	    "domain:\n"
	    "  x: [0, 1]\n"
	    "points: 1000001\n"
	    "rule: simpson\n"
	},
	{ "task.json",
	    "{\n"
	    "  \"equation\": \"sin(x)*cos(y) + x*y\",\n"
	    "  \"x_start\": 0,\n"
	    "  \"x_end\": 1,\n"
	    "  \"y_start\": 0,\n"
	    "  \"y_end\": 1,\n"
	    "  \"step\": 0.001\n"
	    "}\n"
	},
	{ 0, 0 }
};
