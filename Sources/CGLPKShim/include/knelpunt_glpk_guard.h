/*
 * Knelpunt's guard around GLPK calls that may hit a GLPK fatal error.
 *
 * GLPK reports invalid arguments and internal failures through glp_error(), which by default
 * prints a message and calls abort(). Swift cannot call setjmp, so each call that can reach
 * glp_error() goes through one of these C functions: they install an error hook that frees the
 * thread's GLPK environment and longjmps back here, and return KN_FATAL instead of aborting.
 * After KN_FATAL every GLPK object of the calling thread is gone (kn_environment_generation()
 * changes); the Swift owner must not touch its handle again.
 *
 * The Swift layer validates every argument before calling, so a KN_FATAL is a bug report, not
 * a normal path. SPDX-License-Identifier: GPL-3.0-or-later
 */
#ifndef KNELPUNT_GLPK_GUARD_H
#define KNELPUNT_GLPK_GUARD_H

#include <glpk.h>

#define KN_OK 0
#define KN_FATAL 1

/* Terminal output capture (per thread): every GLPK line goes into a buffer, never to stdout. */
void kn_capture_begin(void);
/* Copies the captured text into a malloc'd NUL-terminated string (caller frees) and clears it. */
char *kn_capture_take(void);
/* The message of the last fatal error on this thread ("" when none). */
const char *kn_last_fatal_message(void);
/* Increments each time a fatal error freed this thread's GLPK environment. */
unsigned long kn_environment_generation(void);

int kn_simplex(glp_prob *P, const glp_smcp *parm, int *status);
int kn_exact(glp_prob *P, const glp_smcp *parm, int *status);
int kn_interior(glp_prob *P, const glp_iptcp *parm, int *status);
/* Scaling (glp_scale_prob aborts on a scale factor it cannot represent, e.g. from subnormal
   coefficients) and the advanced initial basis, guarded like the solvers. */
int kn_scale_prob(glp_prob *P, int flags);
int kn_adv_basis(glp_prob *P);
int kn_intopt(glp_prob *P, const glp_iocp *parm, int *status);
int kn_load_matrix(glp_prob *P, int ne, const int ia[], const int ja[], const double ar[]);
int kn_read_mps(glp_prob *P, int fmt, const char *fname, int *status);
int kn_write_mps(glp_prob *P, int fmt, const char *fname, int *status);
int kn_read_lp(glp_prob *P, const char *fname, int *status);
int kn_write_lp(glp_prob *P, const char *fname, int *status);
int kn_analyze_bound(glp_prob *P, int k, double *value1, int *var1, double *value2, int *var2);
int kn_analyze_coef(glp_prob *P, int k, double *coef1, int *var1, double *value1,
                    double *coef2, int *var2, double *value2);
int kn_warm_up(glp_prob *P, int *status);
/* MathProg: read model (+ optional data file), generate, build into P. status = first non-zero
   return code of the glp_mpl_* sequence (0 on success). */
int kn_mathprog_build(glp_prob *P, const char *model, const char *data, int *status);

#endif
