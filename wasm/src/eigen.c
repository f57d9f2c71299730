/* eigen.c — the eigen-decomposition of a small symmetric matrix (d up to a few
 * hundred: a covariance), by cyclic Jacobi rotations (Golub & Van Loan, "Matrix
 * Computations", 4th ed., §8.5: the classical rotation that zeroes a[p][q], with
 * t the smaller root so the rotation angle is at most pi/4). Jacobi is chosen for
 * its accuracy: small eigenvalues come out with small relative error, and the
 * vectors stay orthonormal to rounding. O(d^3) per sweep, quadratic convergence:
 * a handful of sweeps. Written here from the textbook's statement. */
#include "internal.h"
#include <math.h>
#include <string.h>

/* Apply the rotation (c, s) to rows/columns p and q of the symmetric a (both
 * triangles kept) and to columns p and q of the vectors v. */
static void rotate(double *a, double *v, size_t d, size_t p, size_t q, double c, double s) {
  size_t k;
  for (k = 0; k < d; k++) { /* columns p and q: a = a J */
    double akp = a[k * d + p], akq = a[k * d + q];
    a[k * d + p] = c * akp - s * akq;
    a[k * d + q] = s * akp + c * akq;
  }
  for (k = 0; k < d; k++) { /* rows p and q: a = J^T a */
    double apk = a[p * d + k], aqk = a[q * d + k];
    a[p * d + k] = c * apk - s * aqk;
    a[q * d + k] = s * apk + c * aqk;
  }
  for (k = 0; k < d; k++) {
    double vkp = v[k * d + p], vkq = v[k * d + q];
    v[k * d + p] = c * vkp - s * vkq;
    v[k * d + q] = s * vkp + c * vkq;
  }
}

static double off_norm2(const double *a, size_t d) {
  double s = 0;
  size_t i, j;
  for (i = 0; i < d; i++)
    for (j = i + 1; j < d; j++) s += a[i * d + j] * a[i * d + j];
  return s;
}

int sf_eigen_symmetric(const double *a_in, size_t d, double *values, double *vectors, sf_error *err) {
  double *a = NULL, total = 0;
  size_t i, j, p, q, sweep, *order = NULL;
  int rc = SF_OK;
  if (d == 0) return SF_OK;
  if (d > SIZE_MAX / sizeof(double) / d) return sf_oom(err);
  if (!(a = sf_malloc(d * d * sizeof *a)) || !(order = sf_calloc(d, sizeof *order))) { rc = sf_oom(err); goto end; }
  memcpy(a, a_in, d * d * sizeof *a);
  for (i = 0; i < d; i++)
    for (j = 0; j < d; j++) {
      vectors[i * d + j] = i == j;
      total += a[i * d + j] * a[i * d + j];
    }
  /* Sweep until the off-diagonal mass is at rounding level of the whole; 100 sweeps
   * is far beyond what quadratic convergence needs (about 10 for d = 300). */
  for (sweep = 0; sweep < 100 && off_norm2(a, d) > total * 1e-32 && off_norm2(a, d) > 0; sweep++)
    for (p = 0; p + 1 < d; p++)
      for (q = p + 1; q < d; q++) {
        double apq = a[p * d + q], theta, t, c, s;
        if (apq == 0) continue;
        theta = (a[q * d + q] - a[p * d + p]) / (2 * apq);
        t = (theta >= 0 ? 1 : -1) / (fabs(theta) + sqrt(theta * theta + 1));
        if (!isfinite(t)) t = 1 / (2 * theta); /* theta so large that theta^2 overflows */
        c = 1 / sqrt(t * t + 1);
        s = t * c;
        rotate(a, vectors, d, p, q, c, s);
        a[p * d + q] = a[q * d + p] = 0; /* exactly, as the rotation intends */
      }
  /* eigenvalues descending, each vector its column: a selection sort on d values */
  for (i = 0; i < d; i++) order[i] = i;
  for (i = 0; i < d; i++) {
    size_t best = i;
    for (j = i + 1; j < d; j++)
      if (a[order[j] * d + order[j]] > a[order[best] * d + order[best]]) best = j;
    p = order[i]; order[i] = order[best]; order[best] = p;
  }
  for (j = 0; j < d; j++) values[j] = a[order[j] * d + order[j]];
  memcpy(a, vectors, d * d * sizeof *a);
  for (j = 0; j < d; j++)
    for (i = 0; i < d; i++) vectors[i * d + j] = a[i * d + order[j]];
end:
  sf_free(a);
  sf_free(order);
  return rc;
}
