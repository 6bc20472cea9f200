/* See include/knelpunt_glpk_guard.h. SPDX-License-Identifier: GPL-3.0-or-later */
#include "knelpunt_glpk_guard.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>

static _Thread_local jmp_buf *kn_jump;
static _Thread_local char kn_fatal_text[2048];
static _Thread_local unsigned long kn_generation;
static _Thread_local char *kn_log;
static _Thread_local size_t kn_log_length;
static _Thread_local size_t kn_log_capacity;

#define KN_LOG_LIMIT ((size_t)4 << 20) /* keep at most 4 MiB of solver log per thread */

static void kn_log_append(const char *text) {
    size_t add = strlen(text);
    if (kn_log_length + add + 1 > KN_LOG_LIMIT) return;
    if (kn_log_length + add + 1 > kn_log_capacity) {
        size_t capacity = kn_log_capacity ? kn_log_capacity : 4096;
        while (capacity < kn_log_length + add + 1) capacity *= 2;
        char *grown = realloc(kn_log, capacity);
        if (grown == NULL) return;
        kn_log = grown;
        kn_log_capacity = capacity;
    }
    memcpy(kn_log + kn_log_length, text, add);
    kn_log_length += add;
    kn_log[kn_log_length] = '\0';
}

static int kn_term_hook(void *info, const char *text) {
    (void)info;
    kn_log_append(text);
    size_t used = strlen(kn_fatal_text);
    size_t room = sizeof kn_fatal_text - used - 1;
    if (kn_jump != NULL && room > 0) strncat(kn_fatal_text, text, room);
    return 1; /* suppress GLPK's own printing */
}

void kn_capture_begin(void) {
    glp_term_out(GLP_ON);
    glp_term_hook(kn_term_hook, NULL);
}

char *kn_capture_take(void) {
    char *copy = malloc(kn_log_length + 1);
    if (copy == NULL) return NULL;
    if (kn_log_length > 0) memcpy(copy, kn_log, kn_log_length);
    copy[kn_log_length] = '\0';
    kn_log_length = 0;
    if (kn_log != NULL) kn_log[0] = '\0';
    return copy;
}

const char *kn_last_fatal_message(void) { return kn_fatal_text; }
unsigned long kn_environment_generation(void) { return kn_generation; }

static void kn_error_hook(void *info) {
    (void)info;
    kn_generation += 1;
    glp_free_env();
    longjmp(*kn_jump, 1);
}

/* Runs BODY with the fatal-error hook armed; returns KN_FATAL if GLPK raised an error. */
#define KN_GUARDED(BODY)                                   \
    do {                                                   \
        jmp_buf here;                                      \
        kn_fatal_text[0] = '\0';                           \
        kn_capture_begin();                                \
        kn_jump = &here;                                   \
        if (setjmp(here) != 0) {                           \
            kn_jump = NULL;                                \
            return KN_FATAL;                               \
        }                                                  \
        glp_error_hook(kn_error_hook, NULL);               \
        BODY;                                              \
        glp_error_hook(NULL, NULL);                        \
        kn_jump = NULL;                                    \
        return KN_OK;                                      \
    } while (0)

int kn_simplex(glp_prob *P, const glp_smcp *parm, int *status) {
    KN_GUARDED(*status = glp_simplex(P, parm));
}

int kn_exact(glp_prob *P, const glp_smcp *parm, int *status) {
    KN_GUARDED(*status = glp_exact(P, parm));
}

int kn_scale_prob(glp_prob *P, int flags) {
    KN_GUARDED(glp_scale_prob(P, flags));
}

int kn_adv_basis(glp_prob *P) {
    KN_GUARDED(glp_adv_basis(P, 0));
}

int kn_interior(glp_prob *P, const glp_iptcp *parm, int *status) {
    KN_GUARDED(*status = glp_interior(P, parm));
}

int kn_intopt(glp_prob *P, const glp_iocp *parm, int *status) {
    KN_GUARDED(*status = glp_intopt(P, parm));
}

int kn_load_matrix(glp_prob *P, int ne, const int ia[], const int ja[], const double ar[]) {
    KN_GUARDED(glp_load_matrix(P, ne, ia, ja, ar));
}

int kn_read_mps(glp_prob *P, int fmt, const char *fname, int *status) {
    KN_GUARDED(*status = glp_read_mps(P, fmt, NULL, fname));
}

int kn_write_mps(glp_prob *P, int fmt, const char *fname, int *status) {
    KN_GUARDED(*status = glp_write_mps(P, fmt, NULL, fname));
}

int kn_read_lp(glp_prob *P, const char *fname, int *status) {
    KN_GUARDED(*status = glp_read_lp(P, NULL, fname));
}

int kn_write_lp(glp_prob *P, const char *fname, int *status) {
    KN_GUARDED(*status = glp_write_lp(P, NULL, fname));
}

int kn_analyze_bound(glp_prob *P, int k, double *value1, int *var1, double *value2, int *var2) {
    KN_GUARDED(glp_analyze_bound(P, k, value1, var1, value2, var2));
}

int kn_analyze_coef(glp_prob *P, int k, double *coef1, int *var1, double *value1,
                    double *coef2, int *var2, double *value2) {
    KN_GUARDED(glp_analyze_coef(P, k, coef1, var1, value1, coef2, var2, value2));
}

int kn_warm_up(glp_prob *P, int *status) {
    KN_GUARDED(*status = glp_warm_up(P));
}

int kn_mathprog_build(glp_prob *P, const char *model, const char *data, int *status) {
    glp_tran *tran = NULL;
    KN_GUARDED({
        tran = glp_mpl_alloc_wksp();
        *status = glp_mpl_read_model(tran, model, data != NULL ? 1 : 0);
        if (*status == 0 && data != NULL) *status = glp_mpl_read_data(tran, data);
        if (*status == 0) *status = glp_mpl_generate(tran, NULL);
        if (*status == 0) glp_mpl_build_prob(tran, P);
        glp_mpl_free_wksp(tran);
    });
}
